import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchesOf, piecesOf } from '../../lib/content/text-batches.ts';
import { compileFromDisk } from '../../lib/recognizer/from-kb.ts';
import { loadRecognizer } from '../../lib/recognizer/index.ts';
import { recognizeBlocks } from '../../lib/recognizer/page-blocks.ts';
import type { TextBlock } from '../../lib/text/blocks.ts';

const block = (text: string): TextBlock => ({ text, nodes: [], starts: [0] });
const real = loadRecognizer(JSON.parse(JSON.stringify(compileFromDisk())));

describe('cutting a page into recognition requests', () => {
  it('pieces of a block put back together are the block, each within the limit, no pair split', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 2, max: 50 }),
        (text, max) => {
          const pieces = piecesOf(block(text), max);
          expect(pieces.map((p) => p.text).join('')).toBe(text);
          for (const p of pieces) {
            expect(p.text.length).toBeLessThanOrEqual(max);
            expect(text.slice(p.offset, p.offset + p.text.length)).toBe(p.text);
            expect(p.text.charCodeAt(0) & 0xfc00).not.toBe(0xdc00); // no low surrogate opens a piece
          }
        },
      ),
    );
  });

  it('cuts at a sentence end rather than inside a name', () => {
    const text = 'Leaders met in Baku. The Southern Gas Corridor was discussed.';
    const pieces = piecesOf(block(text), 45);
    expect(pieces.map((p) => p.text)).toEqual([
      'Leaders met in Baku. ',
      'The Southern Gas Corridor was discussed.',
    ]);
  });

  it('batches keep document order and stay within the size, one block alone when it is large', () => {
    const blocks = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(90), 'd'.repeat(10)].map(block);
    const batches = batchesOf(blocks, 60);
    expect(batches.map((b) => b.map((p) => p.text[0]).join(''))).toEqual(['ab', 'c', 'cd']);
    for (const b of batches) expect(b.reduce((n, p) => n + p.text.length, 0)).toBeLessThanOrEqual(60);
  });
});

describe('recognizing blocks for a content script', () => {
  it('judges an ambiguous name by the other blocks of the same request', () => {
    const alone = recognizeBlocks(real, ['Georgia hosted the next round.'], []);
    expect(alone.mentions[0]).toEqual([]);
    const together = recognizeBlocks(
      real,
      ['Azerbaijan and Armenia met in Baku.', 'Georgia hosted the next round.'],
      [],
    );
    expect(together.regional).toEqual(expect.arrayContaining(['azerbaijan', 'baku']));
    expect(together.mentions[1]).toEqual([{ start: 0, end: 7, entityId: 'georgia', entityType: 'state' }]);
  });

  it('and by the evidence of earlier requests on the page, which every request returns', () => {
    const earlier = recognizeBlocks(real, ['Azerbaijan and Armenia met in Baku.'], []);
    expect(earlier.regional).toEqual(expect.arrayContaining(['azerbaijan', 'baku']));
    const later = recognizeBlocks(real, ['Georgia hosted the next round.'], earlier.regional);
    expect(later.mentions[0]?.map((m) => m.entityId)).toEqual(['georgia']);
  });

  it('ignores evidence naming entities it does not know', () => {
    const result = recognizeBlocks(real, ['Georgia hosted the next round.'], ['no-such-entity']);
    expect(result.mentions[0]).toEqual([]);
  });
});
