/** The block walker: what it reads of a DOM subtree, and what it never reads; what a change makes it read again. */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { changedRoots, collectBlocks, type TextChange } from '../../lib/text/blocks.ts';

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

describe('what a change makes us read again', () => {
  const page = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
  /** A childList change of `target`, as a MutationObserver reports it after the fact. */
  const change = (target: Node, added: Node[], removed: Node[], previous: Node | null, next: Node | null) =>
    ({
      type: 'childList',
      target,
      addedNodes: added,
      removedNodes: removed,
      previousSibling: previous,
      nextSibling: next,
    }) as unknown as TextChange;
  const ids = (nodes: Node[]) => nodes.map((n) => (n as unknown as Element).id || n.nodeName);

  it('a paragraph appended to a feed: that paragraph, not the feed', () => {
    const doc = page('<main id="feed"><p id="a">Baku</p><p id="b">Tbilisi</p></main>');
    const feed = doc.getElementById('feed') as unknown as Node;
    const b = doc.getElementById('b') as unknown as Node;
    expect(
      ids(changedRoots(change(feed, [b], [], doc.getElementById('a') as unknown as Node, null))),
    ).toEqual(['b']);
  });

  it('text or an inline element added or removed: the block around it', () => {
    const doc = page('<p id="p">Southern <span id="s"><b id="g">Gas</b></span> Corridor</p>');
    const span = doc.getElementById('s') as unknown as Node;
    const g = doc.getElementById('g') as unknown as Node;
    expect(ids(changedRoots(change(span, [g], [], null, null)))).toEqual(['p']);
    expect(ids(changedRoots(change(span, [], [g], null, null)))).toEqual(['p']);
    const text = (doc.getElementById('p') as unknown as Element).firstChild as unknown as Node;
    expect(ids(changedRoots({ ...change(text, [], [], null, null), type: 'characterData' }))).toEqual(['p']);
  });

  it('a block put into or taken out of a run of text: the block itself and the text it splits or joins', () => {
    const doc = page('<div id="d">Southern Gas<p id="p">x</p>Corridor</div>');
    const d = doc.getElementById('d') as unknown as Element;
    const p = doc.getElementById('p') as unknown as Node;
    const [before, , after] = Array.from(d.childNodes) as unknown as Node[];
    expect(ids(changedRoots(change(d as unknown as Node, [p], [], before ?? null, after ?? null)))).toEqual([
      'p',
      'd',
    ]);
    expect(ids(changedRoots(change(d as unknown as Node, [], [p], before ?? null, after ?? null)))).toEqual([
      'd',
    ]);
    // Between paragraphs (or whitespace), no text is split: nothing around is read again.
    const spaced = page('<div id="d">\n<p id="a">Baku</p>\n<p id="p">x</p>\n</div>');
    const [ws] = Array.from(
      (spaced.getElementById('d') as unknown as Element).childNodes,
    ) as unknown as Node[];
    expect(
      ids(
        changedRoots(change(spaced.getElementById('d') as unknown as Node, [], [p], ws ?? null, ws ?? null)),
      ),
    ).toEqual([]);
  });
});
