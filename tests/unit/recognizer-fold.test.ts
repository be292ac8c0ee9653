import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Folder, foldString, isWordCode, originEnd } from '../../lib/recognizer/fold.ts';

/** The whole text folded at once. */
const foldAll = (text: string) => {
  const f = new Folder();
  f.start(text, 0);
  f.fill(Number.POSITIVE_INFINITY);
  return f;
};
const folded = (text: string) => {
  const f = foldAll(text);
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
    const f = foldAll(text);
    for (let i = 0; i < f.length; i++) {
      const from = f.origin[i] as number;
      const to = originEnd(text, f, i);
      expect(from).toBeGreaterThanOrEqual(0);
      expect(to).toBeGreaterThan(from);
      expect(to).toBeLessThanOrEqual(text.length);
      if (i > 0) expect(from).toBeGreaterThanOrEqual(f.origin[i - 1] as number);
    }
    // "ﬁ" folds to two units that both point at the ligature, as its units 0 and 1.
    const fi = text.indexOf('ﬁ');
    const units = [...f.origin.subarray(0, f.length).keys()].filter((k) => f.origin[k] === fi);
    expect(units.map((k) => f.part[k])).toEqual([0, 1]);
  });

  it('treats surrogate halves and astral characters safely', () => {
    const f = foldAll('a\ud800b 𝐁𝐚𝐤𝐮 😀');
    expect(folded('𝐁𝐚𝐤𝐮')).toBe('baku');
    expect(f.length).toBeGreaterThan(0);
  });

  it('folds a long string without overflowing the stack', () => {
    expect(foldString('Ağ '.repeat(100_000)).length).toBe(299_999);
  });

  it('foldString agrees with Folder', () => {
    for (const s of ['Baku – Tbilisi', 'Türkiye’nin', '  Երևան  ', 'ﬁeld'])
      expect(foldString(s)).toBe(folded(s).trim());
  });

  // The scan folds only from word starts, and context rules from line starts: that must give the
  // units the whole text folds to from there, however little is asked for at a time.
  const chars = [..."aZə İı ьЖ եւԵՎև ქ يك\u200c\u00ad\u0301 \u00a0\n\t-–—'’.,ﬁ½⑴𝐁😀\ud800"];
  it('folding from a word start or a line start continues the whole-text fold', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 60 }), fc.nat(3), (list, step) => {
        const text = list.join('');
        const whole = foldAll(text);
        const starts: [number, number, number][] = []; // [original index, part, whole-text unit]
        for (let k = 0; k < whole.length; k++) {
          const code = whole.codes[k] as number;
          if (isWordCode(code) && (k === 0 || !isWordCode(whole.codes[k - 1] as number)))
            starts.push([whole.origin[k] as number, whole.part[k] as number, k]);
        }
        for (let at = text.indexOf('\n') + 1; at > 0; at = text.indexOf('\n', at) + 1) {
          let k = 0;
          while (k < whole.length && (whole.origin[k] as number) < at) k++;
          starts.push([at, 0, k]);
        }
        for (const [at, part, k] of starts) {
          const f = new Folder();
          f.start(text, at, part);
          // Fold in small steps, as the walk does: what fill(j) shows up to unit j is final.
          const shown = (j: number) => [...f.codes.subarray(0, Math.min(j + 1, f.fill(j)))];
          for (let j = 0; j <= whole.length - k; j += step + 1)
            expect(shown(j)).toEqual([...whole.codes.subarray(k, Math.min(k + j + 1, whole.length))]);
          f.fill(Number.POSITIVE_INFINITY);
          expect([...f.codes.subarray(0, f.length)]).toEqual([...whole.codes.subarray(k, whole.length)]);
          expect([...f.origin.subarray(0, f.length)]).toEqual([...whole.origin.subarray(k, whole.length)]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
