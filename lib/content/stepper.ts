/**
 * Keyboard reading: the next/previous commands move through the page's marks in reading order (or one
 * entity's), bring the mention into view, outline it and open its card with focus; Enter opens the
 * card again on the current mention, Escape (in the hover controller) closes it and gives focus back.
 */
import type { ContentResults } from '../protocol.ts';
import type { CardController } from './hover.ts';
import type { Mark, MarkIndex } from './mark-index.ts';

const CURRENT = 'caucasus-lens-current';

export type Step = (direction: 'next' | 'previous', entityId?: string) => ContentResults['page:step'];

export function startStepper(index: MarkIndex, cards: CardController, signal: AbortSignal): Step {
  let current: Mark | null = null;

  const setCurrent = (mark: Mark | null) => {
    current = mark;
    if (mark) CSS.highlights.set(CURRENT, new Highlight(mark.range));
    else CSS.highlights.delete(CURRENT);
  };

  const onKey = (event: KeyboardEvent) => {
    const idle = document.activeElement === document.body || document.activeElement === null;
    if (event.key === 'Enter' && current?.range.startContainer.isConnected && idle) {
      void cards.open(current, { focus: true });
    }
  };
  document.addEventListener('keydown', onKey, { signal });
  signal.addEventListener('abort', () => setCurrent(null));

  return (direction, entityId) => {
    const all = index.inOrder().filter((m) => m.type !== 'note');
    const marks = entityId ? all.filter((m) => m.entityId === entityId) : all;
    if (!marks.length) return null;
    let at = current ? marks.indexOf(current) : -1;
    if (at < 0) at = startingPoint(marks, direction);
    else at = direction === 'next' ? (at + 1) % marks.length : (at - 1 + marks.length) % marks.length;
    const mark = marks[at] as Mark;
    setCurrent(mark);
    reveal(mark.range);
    void cards.open(mark, { focus: true });
    return { entityId: mark.entityId, position: all.indexOf(mark) + 1, total: all.length };
  };
}

/**
 * Brings the mention into view: its element first (and any scrolling box around it), then the
 * mention itself when the element is taller than the window (one 5 MB paragraph).
 */
function reveal(range: Range): void {
  range.startContainer.parentElement?.scrollIntoView({ block: 'center', inline: 'nearest' });
  const box = range.getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight) scrollBy(0, box.top - innerHeight / 2);
}

/** Without a current mention, stepping starts from what is on screen. */
function startingPoint(marks: readonly Mark[], direction: 'next' | 'previous'): number {
  if (direction === 'next') {
    const onScreen = marks.findIndex((m) => m.range.getBoundingClientRect().bottom >= 0);
    return Math.max(onScreen, 0);
  }
  for (let i = marks.length - 1; i >= 0; i--) {
    if ((marks[i] as Mark).range.getBoundingClientRect().top <= innerHeight) return i;
  }
  return marks.length - 1;
}
