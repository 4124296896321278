// Issue 8: the training scenario packs shipped in resources/scenarios/. A pack is named by its file
// name without `.json`; the console and the command line list them with their trainer notes and
// load one by that name only, never by a path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioPackId, TrainerNote, type ScenarioPackView } from '../../../shared/scenarios';
import { parseScenarioText, readScenarioFile } from './load';
import type { Scenario } from './schema';

export { readScenarioFile } from './load';

export const scenariosFolder = 'scenarios';

/** A pack as listed: what it holds and what to do with it; a pack that does not load carries its error. */
export type ScenarioPackInfo = ScenarioPackView;

/** The packs of `<resourcesDir>/scenarios/`, by id; a broken pack is listed with its error, never thrown. */
export function listPacks(resourcesDir: string): ScenarioPackInfo[] {
  const folder = join(resourcesDir, scenariosFolder);
  let files: string[];
  try {
    files = readdirSync(folder).filter((file) => file.endsWith('.json'));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new Error(`The scenario folder ${folder} could not be read (${code}).`, { cause: error });
  }
  const ids = files.map((file) => file.slice(0, -'.json'.length)).filter((id) => ScenarioPackId.safeParse(id).success);
  return ids.sort().map((id) => packInfo(folder, id));
}

function packInfo(folder: string, id: string): ScenarioPackInfo {
  const path = join(folder, `${id}.json`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return brokenPack(id, `The scenario ${path} could not be read (${code}).`, null);
  }
  try {
    const scenario = parseScenarioText(text, path);
    return {
      id,
      name: scenario.name,
      description: scenario.description,
      trainerNote: scenario.trainerNote ?? null,
      tenants: scenario.tenants.length,
      users: scenario.tenants.reduce((total, tenant) => total + tenant.users.length, 0),
      error: null,
    };
  } catch (error) {
    return brokenPack(id, error instanceof Error ? error.message : String(error), noteOfBrokenPack(text));
  }
}

function brokenPack(id: string, error: string, trainerNote: TrainerNote | null): ScenarioPackInfo {
  return { id, name: id, description: '', trainerNote, tenants: 0, users: 0, error };
}

/** A broken pack may still carry a valid trainer note: it is shown beside the error. */
function noteOfBrokenPack(text: string): TrainerNote | null {
  try {
    const document = JSON.parse(text) as { trainerNote?: unknown } | null;
    const note = TrainerNote.safeParse(document?.trainerNote);
    return note.success ? note.data : null;
  } catch {
    return null;
  }
}

/** Reads and validates the pack `id` (a plain name such as `lockout-drill`); anything like a path is refused. */
export async function readPack(resourcesDir: string, id: string): Promise<Scenario> {
  const parsed = ScenarioPackId.safeParse(id);
  if (!parsed.success) {
    throw new PackNotFound('A scenario pack is named by its plain name (small letters, digits, hyphens), not a path.');
  }
  const folder = join(resourcesDir, scenariosFolder);
  const known = readdirSync(folder).includes(`${parsed.data}.json`);
  if (!known) throw new PackNotFound(`There is no scenario pack called ${parsed.data}.`);
  return readScenarioFile(join(folder, `${parsed.data}.json`));
}

/** The pack asked for is not one of the shipped packs. */
export class PackNotFound extends Error {
  override name = 'PackNotFound';
}
