/**
 * The form a security answer is compared (and hashed) in (spec §5): Unicode-normalised (NFKC),
 * case-folded, inner whitespace runs collapsed to one space, trimmed.
 */
export function normalizeAnswer(answer: string): string {
  return answer.normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\s+/gu, ' ').trim();
}
