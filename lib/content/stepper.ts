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
    const element = mark.range.startContainer.parentElement;
    element?.scrollIntoView({ block: 'center', inline: 'nearest' });
    void cards.open(mark, { focus: true });
    return { entityId: mark.entityId, position: all.indexOf(mark) + 1, total: all.length };
  };
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
