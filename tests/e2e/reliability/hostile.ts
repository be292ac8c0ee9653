/**
 * What the hostile-page tests share: a guard script the page runs before we start (a snapshot of
 * its DOM, every mutation and error it sees), and the checks that the extension still works there
 * (marks, the card by keyboard and by pointer) while the page stays as it was.
 */
import { expect } from 'vitest';
import { countReliability } from '../../reliability/counts.ts';
import type { TestBrowser, TestPage } from '../harness/browsers.ts';
import { messengerFor } from '../harness/tabs.ts';

/**
 * The page's own watchman, as an inline script placed after the page built itself. Written without
 * array methods, spread or JSON: the built-ins page overwrites them first.
 */
export const GUARD = `<script>
(function () {
  var g = { mutations: [], errors: [], snapshot: '' };
  function serialize() {
    var copy = document.documentElement.cloneNode(true);
    var hosts = copy.querySelectorAll('caucasus-lens-card');
    for (var i = 0; i < hosts.length; i++) hosts[i].remove();
    return copy.outerHTML;
  }
  function ours(node) { return node.nodeName === 'CAUCASUS-LENS-CARD'; }
  function onlyOurs(list) {
    for (var i = 0; i < list.length; i++) if (!ours(list[i])) return false;
    return true;
  }
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      if (ours(r.target)) continue;
      if (r.type === 'childList' && onlyOurs(r.addedNodes) && onlyOurs(r.removedNodes)) continue;
      g.mutations[g.mutations.length] = r.type + ' on ' + r.target.nodeName;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // onerror, not addEventListener: one page replaces addEventListener with a no-op.
  window.onerror = function (message) { g.errors[g.errors.length] = String(message); };
  g.snapshot = serialize();
  g.serialize = serialize;
  window.__guard = g;
})();
</script>`;

export interface Intact {
  /** The DOM serialized equals the snapshot taken before we started (our host left out). */
  same: boolean;
  mutations: string[];
  errors: string[];
  hosts: number;
  /** Where our host sits, if anywhere: always directly under <html>. */
  hostParent: string | null;
}

/** What the guard saw, asked after our work on the page. */
export function readGuard(page: TestPage): Promise<Intact> {
  return page.evaluate(() => {
    const g = (
      window as unknown as {
        __guard: { snapshot: string; mutations: string[]; errors: string[]; serialize: () => string };
      }
    ).__guard;
    const hosts = document.querySelectorAll('caucasus-lens-card');
    const out = { mutations: [] as string[], errors: [] as string[] };
    // Index loops: the page may have replaced Array.prototype methods.
    for (let i = 0; i < g.mutations.length; i++) out.mutations[i] = String(g.mutations[i]);
    for (let i = 0; i < g.errors.length; i++) out.errors[i] = String(g.errors[i]);
    return {
      same: g.serialize() === g.snapshot,
      mutations: out.mutations,
      errors: out.errors,
      hosts: hosts.length,
      hostParent: hosts[0]?.parentNode?.nodeName ?? null,
    };
  });
}

/** The page is as it built itself: same DOM, no mutation but our host's, no error, one host at most. */
export async function expectIntact(page: TestPage): Promise<void> {
  const seen = await readGuard(page);
  expect(seen.mutations).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(seen.same).toBe(true);
  expect(seen.hosts).toBeLessThanOrEqual(1);
  if (seen.hosts) expect(seen.hostParent).toBe('HTML');
  expect(page.errors).toEqual([]);
  expect(page.extensionErrors).toEqual([]);
}

/** A bound for the card to appear, not a speed check (the machine may be busy). */
const CARD_MS = 20_000;

export const cardHasFocus = () => document.activeElement?.tagName.toLowerCase() === 'caucasus-lens-card';

/** The page's element at a point is our host: the card is on screen there. */
export const cardHostAt = (p: { x: number; y: number }) =>
  document.elementFromPoint(p.x, p.y)?.tagName.toLowerCase() === 'caucasus-lens-card';

export interface StepAnswer {
  ok: boolean;
  value: { entityId: string; position: number; total: number } | null;
}

/**
 * Steps to the next mention (of `entityId`) as the keyboard command does, and waits until its card
 * has focus and is on screen next to the mention.
 */
export async function openByKeyboard(
  browser: TestBrowser,
  page: TestPage,
  entityId?: string,
): Promise<StepAnswer> {
  const tab = await messengerFor(browser, page);
  const answer = (await tab.send({
    type: 'page:step',
    payload: { direction: 'next', ...(entityId ? { entityId } : {}) },
  })) as StepAnswer;
  await tab.close();
  expect(answer.ok).toBe(true);
  await page.waitFor(cardHasFocus, undefined, CARD_MS);
  // On screen beside the mention (above it when flipped): positioned, not left in the page's flow.
  await page.waitFor(
    () => {
      let box: DOMRect | null = null;
      CSS.highlights.get('caucasus-lens-current')?.forEach((r) => {
        box = (r as Range).getBoundingClientRect();
      });
      const b = box as DOMRect | null;
      if (!b) return false;
      const at = (x: number, y: number) =>
        document.elementFromPoint(x, y)?.tagName.toLowerCase() === 'caucasus-lens-card';
      return at(b.left + 8, b.bottom + 24) || at(b.left + 8, b.top - 24);
    },
    undefined,
    CARD_MS,
  );
  return answer;
}

/** Scrolls the first mark with exactly this text into view; its centre and bottom, or null. */
export function markBox(page: TestPage, text: string) {
  return page.evaluate((t) => {
    let found: Range | null = null;
    CSS.highlights.forEach((h, name) => {
      if (name === 'caucasus-lens-current' || name === 'caucasus-lens-note') return;
      h.forEach((r) => {
        if (!found && (r as Range).toString() === t) found = r as Range;
      });
    });
    const range = found as Range | null;
    if (!range) return null;
    // The mention itself, not its element: that may be taller than the window.
    scrollBy(0, range.getBoundingClientRect().top - innerHeight / 2);
    const box = range.getBoundingClientRect();
    return { x: box.left + Math.min(box.width / 2, 20), y: box.top + box.height / 2, bottom: box.bottom };
  }, text);
}

/** Points at the mark with this text as a reader does, and waits for its card under it. */
export async function openByHover(page: TestPage, text: string): Promise<void> {
  const target = await markBox(page, text);
  expect(target).not.toBeNull();
  if (target) await hoverAt(page, target);
}

/** Arrives slowly at a point and dwells, then waits for the card just below it. */
export async function hoverAt(
  page: TestPage,
  target: { x: number; y: number; bottom: number },
): Promise<void> {
  await page.mouseMove(1, 1);
  await page.mouseMove(target.x - 20, target.y);
  await page.mouseMove(target.x - 8, target.y);
  await page.mouseMove(target.x, target.y);
  await page.waitFor(cardHostAt, { x: target.x, y: target.bottom + 24 }, CARD_MS);
}

/** Closes the card with Escape and waits until it no longer has focus. */
export async function closeCard(page: TestPage): Promise<void> {
  await page.press('Escape');
  await page.waitFor(() => document.activeElement?.tagName.toLowerCase() !== 'caucasus-lens-card');
}

/** Waits until the number of our marks has not changed for 400 ms (the pass has settled). */
/**
 * What every hostile page must still allow, checked last: a card by keyboard (the entity), then by
 * pointer (the name as the page shows it), and the page as it made itself. Closes the page and
 * tallies it.
 */
export async function expectStillWorks(
  browser: TestBrowser,
  page: TestPage,
  entityId: string,
  name: string,
): Promise<void> {
  await openByKeyboard(browser, page, entityId);
  await closeCard(page);
  await openByHover(page, name);
  await expectIntact(page);
  await page.close();
  countReliability('hostile-pages');
}

export function waitSettled(page: TestPage, timeoutMs = 30_000): Promise<void> {
  return page.waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const count = () => {
          let n = 0;
          CSS.highlights.forEach((h, name) => {
            if (name.startsWith('caucasus-lens-')) n += h.size;
          });
          return n;
        };
        const before = count();
        setTimeout(() => resolve(before > 0 && count() === before), 400);
      }),
    undefined,
    timeoutMs,
  );
}

/** A page: head content, then body content, then the guard. */
export function html(body: string, head = '', lang = 'en'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Hostile page</title>${head}</head><body>${body}${GUARD}</body></html>`;
}
