/**
 * Search terms of a case, so a list search finds two-character Chinese words through an index on both
 * databases (no LIKE '%…%' scan). Chinese has no spaces, so a run of Han characters is cut into overlapping
 * bigrams (漏水管道 → 漏水 水管 管道) plus its last character alone (道): every character then starts some term,
 * which lets a one-character query match by prefix. Latin letters and digits form whole lower-case tokens
 * (a case number 20261123-000042 → 20261123, 000042). The server keeps them in a text index, one document per
 * case (dialect.ts `createTextIndex`).
 */

/** Longest stored term; longer latin/digit tokens are cut (a prefix query still finds them). */
export const MAX_TERM_LENGTH = 32;

const han = /\p{Script=Han}/u;
const word = /[\p{L}\p{N}]/u;

/** Runs of Han characters and runs of other letters/digits, lower-cased and NFKC-normalised (全角 → 半角). */
function runs(text: string): { han: boolean; chars: string[] }[] {
  const out: { han: boolean; chars: string[] }[] = [];
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    const isHan = han.test(ch);
    if (!isHan && !word.test(ch)) {
      out.push({ han: false, chars: [] }); // a separator ends the run
      continue;
    }
    const last = out[out.length - 1];
    if (last && last.han === isHan && last.chars.length) last.chars.push(ch);
    else out.push({ han: isHan, chars: [ch] });
  }
  return out.filter((r) => r.chars.length);
}

/** The distinct terms stored for a case's searchable texts (description, address, number …). */
export function caseSearchTerms(texts: readonly (string | null | undefined)[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const run of runs(text)) {
      if (!run.han) {
        terms.add(run.chars.join('').slice(0, MAX_TERM_LENGTH));
        continue;
      }
      for (let i = 0; i + 1 < run.chars.length; i++) terms.add(`${run.chars[i]}${run.chars[i + 1]}`);
      terms.add(run.chars[run.chars.length - 1] as string);
    }
  }
  return [...terms];
}

/**
 * What a query asks for: every term must match. `prefix` terms (one Han character, or a latin/digit token)
 * match stored terms starting with them; Han bigrams match exactly. 漏水管 → 漏水 (exact) and 水管 (exact).
 */
export function queryTerms(q: string): { term: string; prefix: boolean }[] {
  const out = new Map<string, boolean>();
  for (const run of runs(q)) {
    if (!run.han) out.set(run.chars.join('').slice(0, MAX_TERM_LENGTH), true);
    else if (run.chars.length === 1) out.set(run.chars[0] as string, true);
    else for (let i = 0; i + 1 < run.chars.length; i++) out.set(`${run.chars[i]}${run.chars[i + 1]}`, false);
  }
  return [...out].map(([term, prefix]) => ({ term, prefix }));
}
