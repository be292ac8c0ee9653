/**
 * The hover card's host: one custom element on the page with a closed shadow root, so page styles
 * and scripts cannot reach into it and its styles cannot leak out. Positioned with Floating UI next
 * to the mention, kept on screen, following scroll. Light or dark after the page under the mention.
 */
import { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';
import { h, render } from 'preact';
import { type CardActions, HoverCard, NoteCard } from '../../components/card/HoverCard.tsx';
import type { CardNotes, EntityCard, NoteView } from '../protocol.ts';
import { isDarkBehind } from './page-colors.ts';

const STYLE = `
:host { all: initial !important; display: contents !important; }
.card[style*="hidden"] { pointer-events: none; }
.card { position: fixed; top: 0; left: 0; z-index: 2147483647; box-sizing: border-box; width: min(380px, 92vw);
  max-height: min(70vh, 560px); overflow: auto; padding: 12px 14px; border-radius: 10px;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; text-align: start; color: #1f2328;
  background: #fff; border: 1px solid #d0d7de; box-shadow: 0 8px 24px rgba(0,0,0,.18); pointer-events: auto;
  visibility: visible; opacity: 1; }
.card:focus { outline: 2px solid #0969da; outline-offset: 1px; }
.card.dark { color: #e6edf3; background: #161b22; border-color: #30363d; box-shadow: 0 8px 24px rgba(0,0,0,.6); }
header { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; }
.name { font-size: 15px; font-weight: 600; }
.english, .type { color: #656d76; font-size: 12px; }
.type { text-transform: uppercase; letter-spacing: .04em; margin-inline-start: auto; }
.dark .english, .dark .type, .dark footer, .dark .rel, .dark .notes p { color: #8d96a0; }
p { margin: 0; }
.summary { margin: 6px 0 8px; }
.naming { margin: 0 0 8px; padding: 6px 8px; border-inline-start: 3px solid #bf8700; background: #fff8c5; font-size: 13px; }
.dark .naming { background: #2e2a1a; }
.naming ul { margin: 4px 0 0; padding-inline-start: 18px; }
.facts { margin: 0 0 8px; display: grid; gap: 2px; font-size: 13px; }
.facts div { display: flex; gap: 6px; }
.facts dt { color: #656d76; min-width: 88px; }
.dark .facts dt { color: #8d96a0; }
.facts dd { margin: 0; }
.chips { list-style: none; margin: 0 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
.chip { font: inherit; font-size: 12px; padding: 2px 8px; border-radius: 999px; border: 1px solid #d0d7de;
  background: #f6f8fa; color: inherit; cursor: pointer; }
.dark .chip { background: #21262d; border-color: #30363d; }
.rel { color: #656d76; }
.notes { margin: 0 0 8px; font-size: 13px; }
.notes blockquote { margin: 0 0 2px; padding: 4px 8px; border-inline-start: 3px solid #8250df; white-space: pre-wrap;
  max-height: 6.5em; overflow: hidden; }
.notes p { color: #656d76; }
footer { display: flex; flex-wrap: wrap; gap: 10px; color: #656d76; font-size: 12px; }
a { color: #0969da; }
.dark a { color: #4493f8; }
/* The actions stay in reach when a long card scrolls. */
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 10px -14px -12px; padding: 8px 14px 12px;
  position: sticky; bottom: -12px; background: inherit; border-top: 1px solid rgba(127,127,127,.25); }
.actions button { font: inherit; font-size: 12px; padding: 3px 8px; border-radius: 6px; border: 1px solid #d0d7de;
  background: #f6f8fa; color: inherit; cursor: pointer; }
.dark .actions button { background: #21262d; border-color: #30363d; }
.done { align-self: center; margin-inline-end: auto; }
.quote { margin: 0 0 8px; padding: 4px 8px; border-inline-start: 3px solid #8250df; color: #656d76; font-size: 13px; }
.note-body p { margin: 0 0 6px; }
.note-body ul { margin: 0 0 6px; padding-inline-start: 18px; }
.tag { color: #8250df; }
.select-button { position: fixed; top: 0; left: 0; z-index: 2147483647; font: 12px/1 system-ui, sans-serif; padding: 5px 9px;
  border-radius: 6px; border: 1px solid #8250df; background: #fff; color: #8250df; cursor: pointer; pointer-events: auto;
  box-shadow: 0 2px 8px rgba(0,0,0,.2); }
button:focus-visible, a:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
`;

export type CardContent =
  | { kind: 'entity'; entity: EntityCard; notes: CardNotes | null }
  | { kind: 'note'; note: NoteView };

export class CardHost {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private stopFollowing: (() => void) | null = null;
  /** Where focus was before a keyboard-opened card took it, to give it back on close. */
  private returnFocus: HTMLElement | null = null;

  private readonly actions: CardActions;

  constructor(actions: CardActions) {
    this.actions = actions;
  }

  get isOpen(): boolean {
    return Boolean(this.root?.querySelector('.card'));
  }

  /**
   * Renders and positions the card. `hidden` prepares it during the hover dwell so that showing it is
   * only a visibility change (see reveal).
   */
  show(content: CardContent, anchor: Range, options: { focus: boolean; hidden?: boolean }): void {
    this.ensureMounted();
    const root = this.root as ShadowRoot;
    const mount = root.querySelector('div.mount') as Element;
    if (content.kind === 'note') render(h(NoteCard, { note: content.note, actions: this.actions }), mount);
    else render(h(HoverCard, { entity: content.entity, notes: content.notes, actions: this.actions }), mount);
    const card = root.querySelector('.card') as HTMLElement;
    card.classList.toggle('dark', isDarkBehind(anchor.commonAncestorContainer));
    card.style.visibility = options.hidden ? 'hidden' : '';
    const reference = { getBoundingClientRect: () => anchor.getBoundingClientRect() };
    this.stopFollowing?.();
    this.stopFollowing = autoUpdate(reference, card, () => {
      void computePosition(reference, card, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [offset(6), flip(), shift({ padding: 8 })],
      }).then(({ x, y }) => {
        card.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
      });
    });
    if (options.focus) {
      const active = document.activeElement;
      if (active !== this.host) this.returnFocus = active as HTMLElement | null;
      card.focus({ preventScroll: true });
    }
  }

  /** Shows a card prepared hidden; false if there is none. */
  reveal(): boolean {
    const card = this.root?.querySelector<HTMLElement>('.card');
    if (!card) return false;
    card.style.visibility = '';
    return true;
  }

  /** The selection's "Add note" button, just below the end of the selection. */
  showButton(at: DOMRect, onClick: () => void): void {
    this.ensureMounted();
    const slot = this.root?.querySelector('div.button-mount') as HTMLElement;
    render(
      h(
        'button',
        { type: 'button', class: 'select-button', 'data-action': 'note-selection', onClick },
        'Add note',
      ),
      slot,
    );
    const button = slot.firstElementChild as HTMLElement;
    const x = Math.min(Math.max(4, at.right - 40), innerWidth - 90);
    const y = Math.min(at.bottom + 6, innerHeight - 34);
    button.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }

  hideButton(): void {
    const slot = this.root?.querySelector('div.button-mount');
    if (slot) render(null, slot);
  }

  /** The card element's box, for pointer grace checks. */
  contains(x: number, y: number): boolean {
    const card = this.root?.querySelector('.card');
    if (!card) return false;
    const r = card.getBoundingClientRect();
    return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  }

  hide(): void {
    this.stopFollowing?.();
    this.stopFollowing = null;
    const hadFocus = document.activeElement === this.host;
    const mount = this.root?.querySelector('div.mount');
    if (mount) render(null, mount);
    if (hadFocus) this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = null;
  }

  destroy(): void {
    this.hide();
    this.host?.remove();
    this.host = null;
    this.root = null;
  }

  /**
   * Our host directly under <html>, put back if the page removed it or moved it (into a hidden box,
   * say): connected is not enough.
   */
  private ensureMounted(): void {
    if (!this.host) this.mount();
    else if (this.host.parentNode !== document.documentElement) document.documentElement.append(this.host);
  }

  private mount(): void {
    this.host = document.createElement('caucasus-lens-card');
    // Inline and important: outranks any page rule aimed at the host (display: none !important...).
    this.host.style.setProperty('display', 'contents', 'important');
    this.root = this.host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const mount = document.createElement('div');
    mount.className = 'mount';
    const buttonMount = document.createElement('div');
    buttonMount.className = 'button-mount';
    this.root.append(style, mount, buttonMount);
    document.documentElement.append(this.host);
  }
}
