import { describe, expect, it } from 'vitest';
import { foldString, foldText, originEnd } from '../../lib/recognizer/fold.ts';

const folded = (text: string) => {
  const f = foldText(text);
  return String.fromCharCode(...f.codes.subarray(0, f.length));
};

describe('folding for matching', () => {
  it.each([
    ['Turkish and Azerbaijani i-forms', 'İSTANBUL Istanbul ıstanbul', 'istanbul istanbul istanbul'],
    ['Latin diacritics', 'Azərbaycan Erdoğan Gürcüstan', 'azerbaycan erdogan gurcustan'],
    ['Armenian ligature and its spellings', 'Երևան Երեւան ԵՐԵՎԱՆ', 'երեվան երեվան երեվան'],
    ['Persian letter variants', 'ايران كرمان', 'ایران کرمان'],
    ['zero-width non-joiner and soft hyphen', 'آذربایجان\u200cها Azer\u00adbaijan', 'اذربایجانها azerbaijan'],
    ['apostrophes', 'Türkiye’nin Türkiyeʼnin', "turkiye'nin turkiye'nin"],
    ['dashes with or without spaces', 'Baku – Tbilisi—Ceyhan', 'baku-tbilisi-ceyhan'],
    ['odd spaces', 'South\u00a0Caucasus\u2009now\n\tthen', 'south caucasus now then'],
    ['NFKC compatibility forms', 'ﬁeld Ｂａｋｕ', 'field baku'],
    ['Cyrillic', 'ЁЛКА Южный', 'елка южныи'],
  ])('%s', (_label, input, expected) => {
    expect(folded(input)).toBe(expected);
  });

  it('maps every folded unit back to the original character', () => {
    const text = 'A\u00adzər — ﬁx İ';
    const f = foldText(text);
    for (let i = 0; i < f.length; i++) {
      const from = f.origin[i] as number;
      const to = originEnd(text, f, i);
      expect(from).toBeGreaterThanOrEqual(0);
      expect(to).toBeGreaterThan(from);
      expect(to).toBeLessThanOrEqual(text.length);
      if (i > 0) expect(from).toBeGreaterThanOrEqual(f.origin[i - 1] as number);
    }
    // "ﬁ" folds to two units that both point at the ligature.
    const fi = text.indexOf('ﬁ');
    expect([...f.origin.subarray(0, f.length)].filter((o) => o === fi)).toHaveLength(2);
  });

  it('treats surrogate halves and astral characters safely', () => {
    const f = foldText('a\ud800b 𝐁𝐚𝐤𝐮 😀');
    expect(folded('𝐁𝐚𝐤𝐮')).toBe('baku');
    expect(f.length).toBeGreaterThan(0);
  });

  it('folds a long string without overflowing the stack', () => {
    expect(foldString('Ağ '.repeat(100_000)).length).toBe(299_999);
  });

  it('foldString agrees with foldText', () => {
    for (const s of ['Baku – Tbilisi', 'Türkiye’nin', '  Երևան  ', 'ﬁeld'])
      expect(foldString(s)).toBe(folded(s).trim());
  });
});
