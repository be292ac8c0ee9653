import search from 'approx-string-match';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorPassage, describePassage, type PassageTarget } from '../../lib/notes/anchor.ts';

const PAGE = [
  'Azerbaijan and Armenia initialled a peace agreement at the White House on 8 August 2025.',
  'The Trump Route for International Peace and Prosperity would cross Armenia’s Syunik province.',
  'Iran has warned against any change to its border with Armenia along the Aras river.',
  'Georgia watched the talks closely from Tbilisi, wary of losing its role as the transit country.',
].join('\n');

/**
 * The plain scan the anchoring must agree with: every exact occurrence of the quote scored in full
 * (context by approx-string-match, position), the first of the best in the text wins.
 */
function plainQuoteAnchor(text: string, target: PassageTarget): number | null {
  const similarity = (within: string, pattern: string) => {
    const match = pattern ? search(within, pattern, pattern.length)[0] : { errors: 0 };
    return match ? 1 - match.errors / Math.max(1, pattern.length) : 0;
  };
  const { exact, prefix, suffix } = target.quote;
  let best: { at: number; score: number } | null = null;
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    const before = similarity(text.slice(Math.max(0, at - prefix.length - 8), at), prefix);
    const after = similarity(text.slice(at + exact.length, at + exact.length + suffix.length + 8), suffix);
    const position = 1 - Math.abs(at - target.position.start) / Math.max(1, text.length);
    const score = (50 + 20 * before + 20 * after + 2 * position) / 92;
    if (!best || score > best.score) best = { at, score };
  }
  return best?.at ?? null;
}

function passage(quote: string) {
  const start = PAGE.indexOf(quote);
  return describePassage(PAGE, start, start + quote.length);
}

describe('passage selectors', () => {
  it('records the quote with 32 characters of context and the position', () => {
    const target = passage('cross Armenia’s Syunik province');
    expect(target.quote.prefix).toHaveLength(32);
    expect(target.quote.prefix.endsWith('Prosperity would ')).toBe(true);
    expect(target.quote.suffix.startsWith('.\nIran has')).toBe(true);
    expect(PAGE.slice(target.position.start, target.position.end)).toBe('cross Armenia’s Syunik province');
  });

  it('finds an unchanged page at the recorded position', () => {
    const target = passage('wary of losing its role');
    expect(anchorPassage(PAGE, target)).toMatchObject({ how: 'position', start: target.position.start });
  });

  it('finds the quote moved by an inserted sentence', () => {
    const target = passage('warned against any change to its border');
    const changed = `A new opening sentence about the region.\n${PAGE}`;
    const found = anchorPassage(changed, target);
    expect(found?.how).toBe('quote');
    expect(changed.slice(found?.start, found?.end)).toBe('warned against any change to its border');
  });

  it('picks the occurrence whose context fits when the quote appears twice', () => {
    const text = `${PAGE}\nArmenia said: Iran has warned against any change, again.`;
    const target = passage('Iran has warned');
    target.position = { start: 0, end: 0 }; // no help from the position
    expect(anchorPassage(text, target)?.start).toBe(PAGE.indexOf('Iran has warned'));
  });

  it('picks the first in the text of two occurrences that fit equally well', () => {
    const text = 'xx ab yy zzzzzz xx ab yy';
    const target = { quote: { exact: 'ab', prefix: 'xx ', suffix: ' yy' }, position: { start: 11, end: 13 } };
    // 'ab' at 3 and at 19 have the same context and lie 8 characters either side of 11.
    expect(anchorPassage(text, target)).toEqual({ start: 3, end: 5, how: 'quote' });
  });

  it('picks the same occurrence of a repeated quote as scoring every occurrence in full', () => {
    // Few letters: quotes recur many times, with contexts that differ by a character or two.
    const letters = fc.constantFrom('a', 'b', ' ', '\n');
    fc.assert(
      fc.property(
        fc.string({ unit: letters, minLength: 20, maxLength: 500 }),
        fc.nat(),
        fc.integer({ min: 1, max: 12 }),
        fc.string({ unit: letters, minLength: 1, maxLength: 30 }),
        fc.nat(),
        (text, from, length, inserted, insertAt) => {
          const start = from % (text.length - length);
          const target = describePassage(text, start, start + length);
          const at = insertAt % text.length;
          const changed = text.slice(0, at) + inserted + text.slice(at);
          const found = anchorPassage(changed, target);
          if (found?.how === 'position') return;
          // No exact occurrence left (the insertion fell inside the quote): not found as a quote.
          expect(found?.how === 'quote' ? found.start : null).toBe(plainQuoteAnchor(changed, target));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds a passage with a word changed inside it and a sentence inserted before it', () => {
    const quote = 'The Trump Route for International Peace and Prosperity would cross';
    const target = passage(quote);
    const changed = `Breaking: talks resumed today.\n${PAGE.replace('would cross', 'will cross')}`;
    const found = anchorPassage(changed, target);
    expect(found?.how).toBe('fuzzy');
    expect(changed.slice(found?.start, found?.end)).toMatch(/^The Trump Route .* will cross$/);
  });

  it('gives up (an orphan) when the passage is gone', () => {
    const target = passage('Georgia watched the talks closely from Tbilisi');
    const without = PAGE.split('\n').slice(0, 3).join('\n');
    expect(anchorPassage(without, target)).toBeNull();
  });

  it('never anchors outside the text, whatever the text and target', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        (text, quote, pos) => {
          const found = anchorPassage(text, {
            quote: { exact: quote, prefix: '', suffix: '' },
            position: { start: pos % 400, end: (pos % 400) + quote.length },
          });
          if (found) {
            expect(found.start).toBeGreaterThanOrEqual(0);
            expect(found.end).toBeLessThanOrEqual(text.length);
            expect(found.start).toBeLessThanOrEqual(found.end);
          }
        },
      ),
    );
  });
});
