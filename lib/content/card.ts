/**
 * The hover card's host: one custom element on the page with a closed shadow root, so page styles
 * and scripts cannot reach into it and its styles cannot leak out. Positioned with Floating UI next
 * to the mention, kept on screen, following scroll.
 */
import { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';
import { h, render } from 'preact';
import { HoverCard } from '../../components/card/HoverCard.tsx';
import type { EntityCard } from '../protocol.ts';

const STYLE = `
:host { all: initial; }
.card { position: fixed; top: 0; left: 0; z-index: 2147483647; box-sizing: border-box; width: min(360px, 90vw);
  padding: 12px 14px; border-radius: 10px; font: 14px/1.45 system-ui, sans-serif; color: #1f2328;
  background: #fff; border: 1px solid #d0d7de; box-shadow: 0 8px 24px rgba(0,0,0,.18); }
@media (prefers-color-scheme: dark) { .card { color: #e6edf3; background: #161b22; border-color: #30363d; } }
header { display: flex; gap: 8px; align-items: baseline; }
.name { font-size: 15px; }
.type { color: #6e7781; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.summary { margin: 6px 0 8px; }
footer { display: flex; gap: 10px; color: #6e7781; font-size: 12px; }
a { color: #0969da; }
`;

export class CardHost {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private stopFollowing: (() => void) | null = null;

  show(entity: EntityCard, anchor: Range): void {
    if (!this.host?.isConnected) this.mount();
    const root = this.root as ShadowRoot;
    render(h(HoverCard, { entity }), root.querySelector('div.mount') as Element);
    const card = root.querySelector('.card') as HTMLElement;
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
    const mount = this.root?.querySelector('div.mount');
    if (mount) render(null, mount);
  }

  destroy(): void {
    this.hide();
    this.host?.remove();
    this.host = null;
    this.root = null;
  }

  private mount(): void {
    this.host = document.createElement('caucasus-lens-card');
    this.root = this.host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const mount = document.createElement('div');
    mount.className = 'mount';
    this.root.append(style, mount);
    document.documentElement.append(this.host);
  }
}
