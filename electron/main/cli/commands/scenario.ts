import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { listPacks, readPack, readScenarioFile, PackNotFound } from '../../scenario/packs';
import { replaceWithScenario } from '../../scenario/replace';
import { saveScenario } from '../../scenario/save';
import { resourcesDir } from '../../paths';
import { CliError, ExitCode } from '../exit';
import { answer, table, type Io } from '../output';
import type { Run, RunOffline } from '../program';
import type { ScenarioPackView } from '../../../../shared/scenarios';

/** A pack id is a plain name; anything with a slash or a .json ending is a file. */
const isFile = (spec: string): boolean => /[/\\]/.test(spec) || spec.toLowerCase().endsWith('.json');

function trainerNote(pack: ScenarioPackView): string {
  const lines = [`${pack.name} (${pack.id}): ${pack.tenants} tenant(s), ${pack.users} user(s)`, pack.description];
  if (pack.error) lines.push(`This pack cannot be loaded: ${pack.error}`);
  const note = pack.trainerNote;
  if (note) {
    lines.push('', 'What to try:', ...note.try.map((line) => `  - ${line}`));
    lines.push('', 'What should happen:', ...note.expect.map((line) => `  - ${line}`));
    lines.push('', `Why: ${note.why}`);
  }
  return lines.filter((line, index) => line !== '' || index > 1).join('\n');
}

function findPack(id: string): ScenarioPackView {
  const pack = listPacks(resourcesDir()).find((candidate) => candidate.id === id);
  if (!pack) {
    const known = listPacks(resourcesDir()).map((candidate) => candidate.id);
    throw new CliError(ExitCode.notFound, `There is no scenario pack "${id}". Packs: ${known.join(', ')}.`);
  }
  return pack;
}

export function registerScenario(program: Command, run: Run, runOffline: RunOffline): void {
  const scenario = program
    .command('scenario')
    .description('training scenarios: the packs shipped in resources/scenarios, or your own files');

  scenario
    .command('list')
    .description('the shipped packs')
    .action(
      runOffline(async (io: Io, json: boolean) => {
        const packs = listPacks(resourcesDir());
        answer(io, json, packs, () =>
          table(
            ['ID', 'NAME', 'TENANTS', 'USERS', ''],
            packs.map((pack) => [
              pack.id,
              pack.name,
              pack.tenants,
              pack.users,
              pack.error ? `broken: ${pack.error}` : '',
            ]),
          ),
        );
      }),
    );

  scenario
    .command('show')
    .description("a pack's trainer note: what to try, what should happen and why")
    .argument('<id>', 'a pack id from scenario list')
    .action(
      runOffline(async (io: Io, json: boolean, id: string) => {
        const pack = findPack(id);
        answer(io, json, pack, () => trainerNote(pack));
      }),
    );

  scenario
    .command('load')
    .description(
      'replace every tenant, user and the audit log in the database with a scenario (the device settings come from it too)',
    )
    .argument('<pack or file>', 'a pack id from scenario list, or a scenario file (.json)')
    .addHelpText(
      'after',
      '\nClose the app first if it runs on the same database: its open flows belong to the lab being replaced.',
    )
    .action(
      run(async (context, io, json, spec: string) => {
        let loaded;
        try {
          loaded = isFile(spec) ? await readScenarioFile(spec) : await readPack(resourcesDir(), spec);
        } catch (error) {
          if (error instanceof PackNotFound) throw new CliError(ExitCode.notFound, error.message);
          throw new CliError(
            isFile(spec) && /could not be read/.test(String(error)) ? ExitCode.unavailable : ExitCode.invalidInput,
            error instanceof Error ? error.message : String(error),
          );
        }
        const counts = await replaceWithScenario(context.core.store, loaded, {
          hasher: context.core.hasher,
          secretBox: context.core.secretBox,
          clock: context.core.clock,
          actor: context.actor.actor,
          deviceId: context.actor.deviceId,
          source: isFile(spec) ? basename(spec) : spec,
          vault: context.core.vault,
        });
        answer(
          io,
          json,
          { scenario: loaded.name, ...counts },
          () =>
            `Loaded "${loaded.name}": ${counts.tenants} tenant(s), ${counts.users} user(s).${isFile(spec) ? '' : ` Trainer note: sspr scenario show ${spec}`}`,
        );
      }),
    );

  scenario
    .command('save')
    .description('write the whole database as a scenario file that `scenario load` reproduces')
    .argument('<file>', 'the file to write (.json)')
    .option('--name <name>', "the scenario's name", 'Saved lab')
    .option('--description <text>', 'what the lab is for')
    .action(
      run(async (context, io, json, file: string, options: { name: string; description?: string }) => {
        const saved = saveScenario(
          context.core.store,
          { secretBox: context.core.secretBox, clock: context.core.clock },
          { name: options.name, ...(options.description === undefined ? {} : { description: options.description }) },
        );
        await writeFile(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
        const users = saved.tenants.reduce((total, tenant) => total + (tenant.users?.length ?? 0), 0);
        context.core.store.audit.append({
          at: context.core.clock.now(),
          actor: context.actor.actor,
          activity: 'scenarioSaved',
          result: 'success',
          reason: null,
          deviceId: context.actor.deviceId,
          details: { file: basename(file), tenants: saved.tenants.length, users },
        });
        answer(
          io,
          json,
          { file, tenants: saved.tenants.length, users },
          () => `Saved ${saved.tenants.length} tenant(s) and ${users} user(s) to ${file}.`,
        );
        io.stderr.write(
          "Note: the file holds password hashes and the authenticator apps' TOTP secrets in plain text (training data): keep it like a password.\n",
        );
      }),
    );
}
