/**
 * Our own record of the marks on the page: which mark lies under a point (hit-testing without any
 * element in the page) and the marks in reading order (keyboard stepping).
 */
import type { EntityType } from '../kb/schema.ts';

export interface Mark {
  range: Range;
  entityId: string;
  /** 'note': a passage the reader wrote a note on (noteId says which). */
  type: EntityType | 'note';
  noteId?: string;
}

type HitTest = (x: number, y: number) => { ranges?: readonly AbstractRange[] }[];

export class MarkIndex {
  private readonly byNode = new Map<Node, Mark[]>();
  private readonly byRange = new Map<AbstractRange, Mark>();
  private ordered: Mark[] | null = null;

  add(mark: Mark): void {
    for (const node of new Set([mark.range.startContainer, mark.range.endContainer])) {
      const list = this.byNode.get(node) ?? [];
      list.push(mark);
      this.byNode.set(node, list);
    }
    this.byRange.set(mark.range, mark);
    this.ordered = null;
  }

  get size(): number {
    return this.byRange.size;
  }

  /** Drops the marks `test` picks. */
  removeWhere(test: (mark: Mark) => boolean): void {
    for (const [range, mark] of this.byRange) {
      if (!test(mark)) continue;
      this.byRange.delete(range);
      for (const n of [mark.range.startContainer, mark.range.endContainer]) {
        const kept = (this.byNode.get(n) ?? []).filter((m) => m !== mark);
        if (kept.length) this.byNode.set(n, kept);
        else this.byNode.delete(n);
      }
    }
    this.ordered = null;
  }

  clear(): void {
    this.byNode.clear();
    this.byRange.clear();
    this.ordered = null;
  }

  /** The mark under the viewport point, if any. */
  at(x: number, y: number): Mark | null {
    // highlightsFromPoint (Chrome 140+, Firefox 150+) answers from the highlights themselves.
    const fromPoint = (CSS.highlights as unknown as { highlightsFromPoint?: HitTest }).highlightsFromPoint;
    if (fromPoint) {
      try {
        const hits = fromPoint.call(CSS.highlights, x, y);
        for (const hit of hits) {
          for (const range of hit.ranges ?? []) {
            const mark = this.byRange.get(range);
            if (mark) return mark;
          }
        }
        // No hit is not the last word: hit-testing skips `pointer-events: none` text, and Firefox may
        // hand back ranges we cannot match. The caret decides then.
      } catch {
        // fall through to the caret
      }
    }
    const caret = caretAt(x, y);
    if (!caret) return null;
    for (const mark of this.byNode.get(caret.node) ?? []) {
      for (const rect of mark.range.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return mark;
      }
    }
    return null;
  }

  /** Every mark in document order (sorted when asked, not on every add). */
  inOrder(): readonly Mark[] {
    if (!this.ordered) {
      this.ordered = [...this.byRange.values()]
        .filter((mark) => mark.range.startContainer.isConnected)
        .sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
    }
    return this.ordered;
  }
}

function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (doc.caretPositionFromPoint) {
    const p = doc.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  const r = doc.caretRangeFromPoint?.(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}
