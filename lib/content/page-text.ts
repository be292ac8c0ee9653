/**
 * The page's readable text as one string (its blocks joined by newlines), with the way back from
 * offsets to DOM ranges and from DOM points to offsets. Passage selectors are positions in it.
 */
import { locate, type TextBlock, walkBlocks } from '../text/blocks.ts';

export class PageText {
  readonly text: string;
  private readonly blocks: TextBlock[];
  /** Offset of blocks[i] in text. */
  private readonly starts: number[];
  private readonly where = new Map<Node, { block: number; node: number }>();

  constructor(root: Node) {
    this.blocks = [...walkBlocks(root)];
    this.starts = [];
    let at = 0;
    const parts: string[] = [];
    this.blocks.forEach((block, b) => {
      this.starts.push(at);
      parts.push(block.text);
      at += block.text.length + 1;
      block.nodes.forEach((node, n) => {
        this.where.set(node, { block: b, node: n });
      });
    });
    this.text = parts.join('\n');
  }

  /** The DOM range of [start, end) in the text, or null if it crosses out of the text. */
  rangeOf(start: number, end: number): Range | null {
    const from = this.point(start, false);
    const to = this.point(end, true);
    if (!from || !to) return null;
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range.collapsed ? null : range;
  }

  /** The text offset of a DOM boundary point (a text node and offset, or an element and child index). */
  offsetOf(container: Node, offset: number): number | null {
    let node: Node | null = container;
    let within = offset;
    if (container.nodeType !== Node.TEXT_NODE) {
      // An element boundary (a triple-click selects whole paragraphs): the first text at or after it.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const child = container.childNodes[offset];
      let last: Node = container;
      while (!child && last.lastChild) last = last.lastChild;
      walker.currentNode = child ?? last;
      node = child?.nodeType === Node.TEXT_NODE ? child : walker.nextNode();
      while (node && !this.where.has(node)) node = walker.nextNode();
      within = 0;
    }
    const at = node ? this.where.get(node) : undefined;
    if (!at) return null;
    const block = this.blocks[at.block] as TextBlock;
    return (this.starts[at.block] as number) + (block.starts[at.node] as number) + within;
  }

  private point(offset: number, isEnd: boolean): { node: Text; offset: number } | null {
    // The block holding the offset: the last one starting at or before it.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const block = this.blocks[lo];
    if (!block) return null;
    const local = offset - (this.starts[lo] as number);
    if (local > block.text.length) return null; // the newline between blocks
    // An end offset at a node boundary belongs to the node before it.
    const found = locate(block, isEnd && local > 0 ? local - 1 : local);
    if (!found) return null;
    return isEnd && local > 0 ? { node: found.node, offset: found.offset + 1 } : found;
  }
}
