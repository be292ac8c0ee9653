/**
 * Hover intent over marks, after Wikipedia's Page Previews: prepare after 150 ms of dwell, show at
 * 500 ms, keep a 300 ms grace when the pointer leaves toward the card, drop stale hovers, and ignore a
 * pointer sweeping fast across text. Hit-testing uses the caret under the pointer and our own index
 * of marked ranges: no element is added to the page for marks.
 */
import type { EntityType } from '../kb/schema.ts';
import { send } from '../messaging.ts';
import type { EntityCard } from '../protocol.ts';
import type { CardHost } from './card.ts';

export interface Mark {
  range: Range;
  entityId: string;
  type: EntityType;
}

const PREPARE_MS = 150;
const SHOW_MS = 500;
const GRACE_MS = 300;
/** Faster than this (px per ms) the reader is moving, not pointing. */
const SWEEP_SPEED = 1.2;
/** After a sweep, the pointer at rest this long is looked at again. */
const REST_MS = 80;

/** Marks by the text nodes they start or end in. */
export class MarkIndex {
  private readonly byNode = new Map<Node, Mark[]>();

  add(mark: Mark): void {
    for (const node of new Set([mark.range.startContainer, mark.range.endContainer])) {
      const list = this.byNode.get(node) ?? [];
      list.push(mark);
      this.byNode.set(node, list);
    }
  }

  clear(): void {
    this.byNode.clear();
  }

  /** The mark under the viewport point, if any. */
  at(x: number, y: number): Mark | null {
    const caret = caretAt(x, y);
    if (!caret) return null;
    for (const mark of this.byNode.get(caret.node) ?? []) {
      for (const rect of mark.range.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return mark;
      }
    }
    return null;
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

export function startHover(index: MarkIndex, card: CardHost, signal: AbortSignal): void {
  let current: Mark | null = null;
  let shown: Mark | null = null;
  let entity: Promise<EntityCard | null> | null = null;
  let prepareTimer: ReturnType<typeof setTimeout> | undefined;
  let restTimer: ReturnType<typeof setTimeout> | undefined;
  let showTimer: ReturnType<typeof setTimeout> | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let last = { x: 0, y: 0, t: 0 };
  let frame = 0;
  let pending: PointerEvent | null = null;

  const cancelDwell = () => {
    clearTimeout(prepareTimer);
    clearTimeout(showTimer);
    current = null;
    entity = null;
  };
  const hide = () => {
    clearTimeout(graceTimer);
    graceTimer = undefined;
    shown = null;
    card.hide();
  };

  const handle = (x: number, y: number, resting: boolean) => {
    const now = performance.now();
    const speed = resting ? 0 : Math.hypot(x - last.x, y - last.y) / Math.max(1, now - last.t);
    last = { x, y, t: now };
    clearTimeout(restTimer);
    if (shown && card.contains(x, y)) {
      clearTimeout(graceTimer); // on the card: keep it
      graceTimer = undefined;
      return;
    }
    // A sweep across text opens nothing, but where the pointer comes to rest is looked at again.
    if (speed > SWEEP_SPEED) restTimer = setTimeout(() => handle(x, y, true), REST_MS);
    const mark = speed > SWEEP_SPEED ? null : index.at(x, y);
    if (mark && (mark === shown || mark === current)) return;
    if (!mark) {
      cancelDwell();
      if (shown && !graceTimer) graceTimer = setTimeout(hide, GRACE_MS);
      return;
    }
    // A new mark under the pointer: start dwelling on it (a stale hover is simply replaced).
    cancelDwell();
    current = mark;
    prepareTimer = setTimeout(() => {
      if (current !== mark) return;
      entity = send('kb:entity', { id: mark.entityId }).then((r) => (r.ok ? r.value.entity : null));
    }, PREPARE_MS);
    showTimer = setTimeout(async () => {
      if (current !== mark) return;
      const data = await (entity ??
        send('kb:entity', { id: mark.entityId }).then((r) => (r.ok ? r.value.entity : null)));
      if (current !== mark || !data || signal.aborted) return;
      clearTimeout(graceTimer);
      graceTimer = undefined;
      shown = mark;
      card.show(data, mark.range);
    }, SHOW_MS);
  };

  const onMove = (event: PointerEvent) => {
    pending = event;
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (pending) handle(pending.clientX, pending.clientY, false);
    });
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && shown) hide();
  };
  document.addEventListener('pointermove', onMove, { passive: true, signal });
  document.addEventListener('keydown', onKey, { signal });
  signal.addEventListener('abort', () => {
    clearTimeout(restTimer);
    cancelDwell();
    hide();
    card.destroy();
    if (frame) cancelAnimationFrame(frame);
  });
}
