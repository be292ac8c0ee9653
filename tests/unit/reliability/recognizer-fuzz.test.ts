/**
 * The recognizer over hostile text (tests/unit/recognizer.test.ts covers ordinary random text):
 * every script, lone surrogate halves, combining marks, ZWJ/ZWNJ, bidi marks and overrides, around
 * and inside real names. `recognize` and `scan` never throw; spans ascend without overlapping, stay
 * inside the string, never split a surrogate pair, and `text.slice(start, end)` is the mention's text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFromDisk } from '../../../lib/recognizer/from-kb.ts';
import { loadRecognizer, recognize, scan } from '../../../lib/recognizer/index.ts';
import { countReliability } from '../../reliability/counts.ts';

const rec = loadRecognizer(JSON.parse(JSON.stringify(compileFromDisk())));

const NAMES = [
  'Baku',
  'Azerbaijan',
  'Армения',
  'Հայաստան',
  'საქართველო',
  'ایران',
  'Türkiye',
  'BTC',
  'Zangezur',
  'Сюник',
];
const HOSTILE = [
  '\ud800', // lone high surrogate
  '\udc00', // lone low surrogate
  '\ud83d\ude00', // a pair (emoji)
  '\u0301', // combining acute
  '\u0308',
  '\u064b', // Arabic fathatan
  '\u200c', // ZWNJ
  '\u200d', // ZWJ
  '\u200e', // LRM
  '\u200f', // RLM
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e', // RLO
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u00ad', // soft hyphen
  '\ufeff',
  '\ufb01', // ﬁ ligature
  'և',
  'İ',
  '\u0000',
  ' ',
  '\n',
];

/** Random text from every Unicode plane, hostile code points and real names, mixed. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...HOSTILE),
      fc.constantFrom(...NAMES),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** Whether offset `i` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const before = text.charCodeAt(i - 1);
  const after = text.charCodeAt(i);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

describe('recognizer on hostile text', () => {
  it('recognize: spans ascend, never overlap, stay inside, keep surrogate pairs whole, slice to the text', () => {
    let runs = 0;
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, demonyms) => {
        runs++;
        let last = 0;
        for (const m of recognize(rec, text, { demonyms })) {
          expect(Number.isInteger(m.start) && Number.isInteger(m.end)).toBe(true);
          expect(m.start).toBeGreaterThanOrEqual(last);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(text.length);
          expect(splitsPair(text, m.start), `start ${m.start} in ${JSON.stringify(text)}`).toBe(false);
          expect(splitsPair(text, m.end), `end ${m.end} in ${JSON.stringify(text)}`).toBe(false);
          expect(text.slice(m.start, m.end)).toBe(m.text);
          last = m.end;
        }
      }),
      { numRuns: 2000 },
    );
    countReliability('fuzz-runs', runs);
  });

  it('scan: the same for its raw spans', () => {
    let runs = 0;
    fc.assert(
      fc.property(hostileText, (text) => {
        runs++;
        const { spans } = scan(rec, text);
        let last = 0;
        for (let s = 0; s < spans.start.length; s++) {
          const start = spans.start[s] as number;
          const end = spans.end[s] as number;
          expect(start).toBeGreaterThanOrEqual(last);
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(text.length);
          expect(splitsPair(text, start)).toBe(false);
          expect(splitsPair(text, end)).toBe(false);
          expect(spans.first[s + 1] as number).toBeGreaterThan(spans.first[s] as number);
          last = end;
        }
        expect(spans.first).toHaveLength(spans.start.length + 1);
      }),
      { numRuns: 2000 },
    );
    countReliability('fuzz-runs', runs);
  });

  it('still finds a name wrapped in bidi marks, joiners and lone surrogates', () => {
    // The control: hostile neighbours do not stop recognition, so the properties above are not vacuous.
    for (const around of ['\u202e', '\u200f', '\u2067', '\ud800', '\udc00', '\u200d ', '\u0000']) {
      const text = `${around}Baku${around}`;
      const found = recognize(rec, text).map((m) => m.entityId);
      expect(found, JSON.stringify(text)).toContain('baku');
    }
  });
});
