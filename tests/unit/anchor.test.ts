import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorPassage, describePassage } from '../../lib/notes/anchor.ts';

const PAGE = [
  'Azerbaijan and Armenia initialled a peace agreement at the White House on 8 August 2025.',
  'The Trump Route for International Peace and Prosperity would cross Armenia’s Syunik province.',
  'Iran has warned against any change to its border with Armenia along the Aras river.',
  'Georgia watched the talks closely from Tbilisi, wary of losing its role as the transit country.',
].join('\n');

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
