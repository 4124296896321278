// Helpers for the tests that check a locale section is complete in English, German and Brazilian
// Portuguese alike: the same keys (plural forms folded) and the same placeholders.

export type Tree = { [key: string]: string | Tree };

export function lookup(tree: Tree, key: string): string | Tree | undefined {
  return key
    .split('.')
    .reduce<string | Tree | undefined>(
      (node, part) => (node && typeof node === 'object' ? node[part] : undefined),
      tree,
    );
}

/** Every leaf key, with i18next's plural suffixes folded into the key they belong to. */
export function leaves(tree: Tree, prefix = ''): string[] {
  return [
    ...new Set(
      Object.entries(tree).flatMap(([key, value]) =>
        typeof value === 'string'
          ? [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`]
          : leaves(value, `${prefix}${key}.`),
      ),
    ),
  ].sort();
}

export const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
