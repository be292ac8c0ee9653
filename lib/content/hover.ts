/**
 * Hover intent over marks, after Wikipedia's Page Previews: prepare after 150 ms of dwell, show at
 * 500 ms, keep a 300 ms grace when the pointer leaves toward the card, drop stale hovers, and ignore a
 * pointer sweeping fast across text. The same controller opens a card from the keyboard.
 */
import type { Lang } from '../kb/schema.ts';
import { send } from '../messaging.ts';
import type { NoteView } from '../protocol.ts';
import type { CardContent, CardHost } from './card.ts';
import type { Mark, MarkIndex } from './mark-index.ts';

const PREPARE_MS = 150;
const SHOW_MS = 500;
const GRACE_MS = 300;
/** Faster than this (px per ms) the reader is moving, not pointing. */
const SWEEP_SPEED = 1.2;
/** After a sweep, the pointer at rest this long is looked at again. */
const REST_MS = 80;

export interface CardController {
  /** Opens the card on a mark at once (keyboard), taking focus when asked. */
  open(mark: Mark, options: { focus: boolean }): Promise<void>;
  close(): void;
  /** How long the last cards took from "show" to painted, in ms (for the benchmark). */
  readonly latencies: number[];
}

/** The card's content: a passage's note, or the entity in the page's language with the notes summary. */
function loadContent(
  mark: Mark,
  lang: Lang,
  noteOf: (id: string) => NoteView | undefined,
): Promise<CardContent | null> {
  if (mark.noteId) {
    const note = noteOf(mark.noteId);
    return Promise.resolve(note ? { kind: 'note', note } : null);
  }
  return Promise.all([
    send('kb:entity', { id: mark.entityId, lang }),
    send('notes:for-card', { entityId: mark.entityId }),
  ]).then(([entity, notes]) =>
    entity.ok && entity.value.entity
      ? { kind: 'entity', entity: entity.value.entity, notes: notes.ok ? notes.value : null }
      : null,
  );
}

export function startHover(
  index: MarkIndex,
  card: CardHost,
  /** The page's language, read when a card opens (the page may set it late; and it costs at start-up). */
  lang: () => Lang,
  noteOf: (id: string) => NoteView | undefined,
  signal: AbortSignal,
): CardController {
  let current: Mark | null = null;
  let shown: Mark | null = null;
  let content: Promise<CardContent | null> | null = null;
  let prepareTimer: ReturnType<typeof setTimeout> | undefined;
  let restTimer: ReturnType<typeof setTimeout> | undefined;
  let showTimer: ReturnType<typeof setTimeout> | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let last = { x: 0, y: 0, t: 0 };
  let frame = 0;
  let pending: PointerEvent | null = null;
  const latencies: number[] = [];

  /** The mark whose card is rendered, hidden, waiting for the show delay. */
  let prepared: Mark | null = null;
  const cancelDwell = () => {
    clearTimeout(prepareTimer);
    clearTimeout(showTimer);
    current = null;
    content = null;
    if (prepared && !shown) card.hide();
    prepared = null;
  };
  const hide = () => {
    clearTimeout(graceTimer);
    graceTimer = undefined;
    shown = null;
    card.hide();
  };
  const show = async (mark: Mark, focus: boolean, loading: Promise<CardContent | null> | null) => {
    const started = performance.now();
    if (prepared === mark && !focus && card.reveal()) {
      // Rendered during the dwell: showing it is a style change.
      clearTimeout(graceTimer);
      graceTimer = undefined;
      shown = mark;
    } else {
      const data = await (loading ?? loadContent(mark, lang(), noteOf));
      if ((current !== mark && !focus) || !data || signal.aborted) return;
      clearTimeout(graceTimer);
      graceTimer = undefined;
      shown = mark;
      card.show(data, mark.range, { focus });
    }
    // Painted: the frame after the one that laid the card out.
    requestAnimationFrame(() => setTimeout(() => latencies.push(performance.now() - started), 0));
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
      content = loadContent(mark, lang(), noteOf);
      // Render it hidden now, unless another card is on screen (that one stays until this one shows).
      void content.then((data) => {
        if (current !== mark || !data || shown || signal.aborted) return;
        card.show(data, mark.range, { focus: false, hidden: true });
        prepared = mark;
      });
    }, PREPARE_MS);
    showTimer = setTimeout(() => {
      if (current === mark) void show(mark, false, content);
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

  return {
    open: async (mark, { focus }) => {
      cancelDwell();
      current = mark;
      await show(mark, focus, null);
    },
    close: hide,
    latencies,
  };
}
