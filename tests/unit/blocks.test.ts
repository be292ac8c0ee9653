/** The block walker: what it reads of a DOM subtree, and what it never reads. */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { collectBlocks } from '../../lib/text/blocks.ts';

const texts = (html: string, select = 'body') => {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return collectBlocks(document.querySelector(select) as unknown as Node).map((b) => b.text);
};

describe('block walker', () => {
  it('joins SVG text runs split by <tspan> into one block', () => {
    expect(texts('<svg><text>The Southern <tspan>Gas</tspan> Corridor</text></svg>')).toEqual([
      'The Southern Gas Corridor',
    ]);
  });

  it('reads nothing of a paragraph inside an editor, even when asked for that paragraph alone', () => {
    const editor = '<div contenteditable="true"><p id="in">Baku</p></div><p id="out">Yerevan</p>';
    expect(texts(editor)).toEqual(['Yerevan']);
    expect(texts(editor, '#in')).toEqual([]);
    expect(texts(editor, '#out')).toEqual(['Yerevan']);
    expect(texts('<pre><span id="s">Baku</span></pre>', '#s')).toEqual([]);
  });
});
