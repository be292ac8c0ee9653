/**
 * A small "Add note" button by the reader's selection. Clicking it opens the side panel with the
 * passage ready to annotate: the note is typed in the panel, never in the page (see
 * docs/architecture.md). The passage is described when the selection is made, since clicking may
 * clear it.
 */
import { send } from '../messaging.ts';
import type { CardHost } from './card.ts';
import type { Passages } from './passages.ts';

/** Selections shorter than this are clicks and word-picks, not passages. */
const MIN_CHARS = 3;

function insideEditable(node: Node | null): boolean {
  const element = node?.nodeType === Node.ELEMENT_NODE ? (node as Element) : node?.parentElement;
  return Boolean(
    element?.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])'),
  );
}

export function startSelectionButton(card: CardHost, passages: Passages, signal: AbortSignal): void {
  let saved: Range | null = null;
  const onUp = () =>
    setTimeout(() => {
      const selection = getSelection();
      const range = selection?.rangeCount ? selection.getRangeAt(0) : null;
      if (
        !range ||
        range.collapsed ||
        range.toString().trim().length < MIN_CHARS ||
        insideEditable(range.startContainer)
      ) {
        saved = null;
        card.hideButton();
        return;
      }
      saved = range.cloneRange();
      const rects = range.getClientRects();
      const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
      card.showButton(last, () => {
        const target = saved ? passages.describe(saved) : null;
        card.hideButton();
        if (!target) return;
        const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
        void send('panel:open', {
          compose: true,
          passage: { target, title: document.title.slice(0, 2000), ...(canonical ? { canonical } : {}) },
        });
      });
    }, 0);
  document.addEventListener('mouseup', onUp, { signal });
  document.addEventListener('keyup', (event) => event.shiftKey && onUp(), { signal });
}
