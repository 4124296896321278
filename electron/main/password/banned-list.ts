// Spec §8: the global banned-password list that ships in resources/, and the tenants' custom lists,
// each indexed once per content: a list that has not changed is never indexed again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeForBannedCheck } from '../../../shared/password/normalize';
import { resourcesDir } from '../paths';
import { buildBannedIndex, type BannedIndex } from './banned-index';

export const globalListFileName = 'banned-passwords.txt';
/** Tenants whose custom index stays in memory; one store rarely holds more. */
const customIndexesKept = 16;

const globalIndexesByContent = new Map<string, BannedIndex>();
const globalIndexesByPath = new Map<string, BannedIndex>();
const customIndexes = new Map<string, BannedIndex>();
const customIndexesByContent = new Map<string, BannedIndex>();

/** The shipped list: one normalised term per line, sorted and distinct (scripts/build-banned-list.ts). */
export function readGlobalBannedList(path: string = join(resourcesDir(), globalListFileName)): string[] {
  return termsOf(readFileSync(path, 'utf8'));
}

/** The global list's index: the file is read once per path and indexed once per content. */
export function globalBannedIndex(path: string = join(resourcesDir(), globalListFileName)): BannedIndex {
  const known = globalIndexesByPath.get(path);
  if (known) return known;
  const content = readFileSync(path);
  const key = createHash('sha256').update(content).digest('hex');
  let index = globalIndexesByContent.get(key);
  if (!index) {
    index = buildBannedIndex(termsOf(content.toString('utf8')), 'global', { normalized: true });
    globalIndexesByContent.set(key, index);
  }
  globalIndexesByPath.set(path, index);
  return index;
}

/**
 * A tenant's custom list's index; none for an empty list. Looked up by the list as given (cheap, on
 * every evaluation), then by its normalised content, so a reordered or re-cased list is not rebuilt.
 */
export function customBannedIndex(terms: readonly string[]): BannedIndex | null {
  if (terms.length === 0) return null;
  const asGiven = terms.join('\n');
  let index = customIndexes.get(asGiven);
  if (!index) {
    const normalized = [...new Set(terms.map((term) => normalizeForBannedCheck(term.trim())))].sort();
    const contentKey = createHash('sha256').update(normalized.join('\n')).digest('hex');
    index = customIndexesByContent.get(contentKey) ?? buildBannedIndex(normalized, 'custom', { normalized: true });
    remember(customIndexesByContent, contentKey, index);
  }
  remember(customIndexes, asGiven, index);
  return index;
}

/** Most recently used last, so the oldest is the one dropped. */
function remember(cache: Map<string, BannedIndex>, key: string, index: BannedIndex): void {
  cache.delete(key);
  cache.set(key, index);
  if (cache.size > customIndexesKept) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}

function termsOf(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}
