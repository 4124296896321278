// Builds resources/banned-passwords.txt, the global banned-password list (spec §8), from the
// common-password dictionary of @zxcvbn-ts/language-common. Reproducible: the same package version
// gives the same bytes. Run: npx tsx scripts/build-banned-list.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dictionary } from '@zxcvbn-ts/language-common';
import { customTermMaxLength, customTermMinLength } from '../shared/password/custom-list';
import { characterCount, normalizeForBannedCheck } from '../shared/password/normalize';

export const sourcePackage = '@zxcvbn-ts/language-common';
export const sourceDictionary = 'passwords-common';
export const bannedListPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'banned-passwords.txt');

export interface BannedListBuild {
  /** The file's content: one term per line, no header. */
  text: string;
  termCount: number;
  sourceCount: number;
  sourceVersion: string;
}

/** Normalise, keep 4 to 16 characters (the custom list's bounds), drop duplicates, sort by code unit. */
export function buildBannedList(): BannedListBuild {
  const source = dictionary[sourceDictionary];
  const terms = [...new Set(source.map((password) => normalizeForBannedCheck(String(password))))]
    .filter((term) => {
      const length = characterCount(term);
      return length >= customTermMinLength && length <= customTermMaxLength && !/[\r\n]/.test(term);
    })
    // Plain UTF-16 code-unit order, the same on every machine and in every locale.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(readFileSync(require.resolve(`${sourcePackage}/package.json`), 'utf8')) as {
    version: string;
  };
  return {
    text: terms.map((term) => `${term}\n`).join(''),
    termCount: terms.length,
    sourceCount: source.length,
    sourceVersion: manifest.version,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const build = buildBannedList();
  writeFileSync(bannedListPath, build.text);
  console.log(
    `${bannedListPath}: ${build.termCount} terms from ${build.sourceCount} passwords of ` +
      `${sourcePackage}@${build.sourceVersion} (${sourceDictionary})`,
  );
}
