import { describe, expect, it } from 'vitest';
import { caseSearchTerms, queryTerms } from './cases.search.js';

describe('case search terms', () => {
  it('cuts Han runs into bigrams plus the last character, latin and digits into tokens', () => {
    expect(caseSearchTerms(['楼道漏水', '3号楼 Room-12', '20261123-000042']).sort()).toEqual(
      ['楼道', '道漏', '漏水', '水', '3', '号楼', '楼', 'room', '12', '20261123', '000042'].sort(),
    );
  });
  it('normalises full-width characters and case, and skips empty texts', () => {
    expect(caseSearchTerms(['ＡＢＣ１２', null, undefined, ''])).toEqual(['abc12']);
  });
  it('a two-character query is one exact bigram; one character or a token is a prefix', () => {
    expect(queryTerms('漏水')).toEqual([{ term: '漏水', prefix: false }]);
    expect(queryTerms('漏')).toEqual([{ term: '漏', prefix: true }]);
    expect(queryTerms('下水道 000042')).toEqual([
      { term: '下水', prefix: false },
      { term: '水道', prefix: false },
      { term: '000042', prefix: true },
    ]);
    expect(queryTerms(' ,. ')).toEqual([]);
  });
  it('every query term of a text matches a stored term of the same text', () => {
    const text = '小区东门下水道堵塞，污水外溢 B-3';
    const stored = caseSearchTerms([text]);
    for (const sub of ['下水道', '堵塞', '污', '溢', 'b', '东门下水']) {
      for (const { term, prefix } of queryTerms(sub))
        expect(stored.some((s) => (prefix ? s.startsWith(term) : s === term))).toBe(true);
    }
  });
});
