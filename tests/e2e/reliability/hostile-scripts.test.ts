/**
 * Hostile pages that aim at us: CSS rules at everything and at our highlights, built-ins overwritten
 * before we start, a strict Content-Security-Policy, and a page that floods messages and searches the
 * DOM for the reader's note while the card shows it. We keep working; the page learns nothing.
 */
import { describe, expect, it } from 'vitest';
import { countReliability } from '../../reliability/counts.ts';
import { markCount, noteTexts, readMarks, waitForMarks, waitForMarkText } from '../harness/annotations.ts';
import { BROWSERS, GECKO_ID, type TestPage } from '../harness/browsers.ts';
import { useSession } from '../harness/session.ts';
import { messengerFor } from '../harness/tabs.ts';
import {
  closeCard,
  expectIntact,
  hoverAt,
  html,
  markBox,
  openByHover,
  openByKeyboard,
  readGuard,
} from './hostile.ts';

const ARTICLE =
  '<article><p>Azerbaijan and Armenia initialled a peace agreement in Washington.</p>' +
  '<p>The Middle Corridor runs across the Caspian Sea to Baku.</p></article>';

const HOSTILE_CSS = `<style>
  * { all: unset !important; }
  html, body, p, article, div { display: block !important; }
  body { pointer-events: none !important; font: 16px/1.6 serif !important; margin: 80px 20px !important; }
  ::highlight(*) { color: red !important; }
  ::highlight(caucasus-lens-state), ::highlight(caucasus-lens-place) { text-decoration: none !important; }
  caucasus-lens-card, caucasus-lens-card * { display: none !important; visibility: hidden !important; }
  .banner { position: fixed !important; top: 0 !important; left: 0 !important; right: 0 !important;
    height: 60px !important; background: #333 !important; z-index: 2147483647 !important; }
  p { position: relative !important; z-index: 2147483646 !important; margin: 1em 0 !important; }
</style>`;

/**
 * Overwritten in <head>, before our content script starts at document_end. The test driver's own
 * page-world helpers need these built-ins, so the page records what it sees and puts them back on F8,
 * and breaks them again on F9 (trusted key presses reach the page without any page-world helper).
 */
const SABOTAGE = `<script>
(function () {
  var names = ['map', 'filter', 'forEach', 'reduce', 'indexOf', 'includes', 'push', 'pop', 'shift',
    'slice', 'splice', 'sort', 'join', 'some', 'every', 'find', 'findIndex', 'concat', 'flat'];
  var saved = {};
  for (var i = 0; i < names.length; i++) saved[names[i]] = Array.prototype[names[i]];
  var from = Array.from, isArray = Array.isArray, parse = JSON.parse, stringify = JSON.stringify;
  var attach = Element.prototype.attachShadow, listen = EventTarget.prototype.addEventListener;
  var boom = function () { throw new Error('page sabotage'); };
  window.stolenRoots = 0;
  window.listenersAsked = '';
  function sabotage() {
    for (var i = 0; i < names.length; i++) Array.prototype[names[i]] = boom;
    Array.from = boom;
    Array.isArray = function () { return false; };
    JSON.parse = boom;
    JSON.stringify = boom;
    // Opens every shadow root and keeps it: would hand the page our card's.
    Element.prototype.attachShadow = function () {
      window.stolenRoots++;
      return attach.call(this, { mode: 'open' });
    };
    EventTarget.prototype.addEventListener = function (type) { window.listenersAsked += type + ' '; };
  }
  function restore() {
    for (var i = 0; i < names.length; i++) Array.prototype[names[i]] = saved[names[i]];
    Array.from = from; Array.isArray = isArray; JSON.parse = parse; JSON.stringify = stringify;
    Element.prototype.attachShadow = attach;
    EventTarget.prototype.addEventListener = listen;
  }
  function record() {
    var texts = '';
    CSS.highlights.forEach(function (h, key) {
      if (key.indexOf('caucasus-lens-') === 0 && key !== 'caucasus-lens-current')
        h.forEach(function (r) { texts += r.toString() + '|'; });
    });
    var probe = window.probe && document.elementFromPoint(window.probe.x, window.probe.y);
    var host = document.querySelector('caucasus-lens-card');
    window.seen = {
      texts: texts,
      focus: document.activeElement ? document.activeElement.nodeName : null,
      hostAt: probe ? probe.nodeName : null,
      kept: Array.prototype.map === boom && JSON.parse === boom,
      stolenRoots: window.stolenRoots,
      listenersAsked: window.listenersAsked,
      hostRoot: host ? host.shadowRoot : 'no host'
    };
  }
  listen.call(window, 'keydown', function (e) {
    if (e.key === 'F8') { record(); restore(); }
    if (e.key === 'F9') sabotage();
  }, true);
  sabotage();
})();
</script>`;

interface Seen {
  texts: string;
  focus: string | null;
  hostAt: string | null;
  kept: boolean;
  stolenRoots: number;
  listenersAsked: string;
  hostRoot: unknown;
}

/** F8 until what the sabotaged page saw passes `test` (F9 breaks the built-ins again between tries). */
async function seenUnderSabotage(page: TestPage, test: (seen: Seen) => boolean): Promise<Seen> {
  let seen: Seen | undefined;
  for (let i = 0; i < 100; i++) {
    await page.press('F8');
    seen = await page.evaluate(() => (window as unknown as { seen: Seen }).seen);
    if (test(seen)) return seen;
    await page.press('F9');
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never seen: ${JSON.stringify(seen)}`);
}

describe.each(BROWSERS)('hostile pages aimed at us in %s', (name) => {
  const session = useSession(name);

  it('page CSS at everything, at our highlights and host, a max z-index banner, no pointer events', async () => {
    const body = `<div class="banner">Banner</div>${ARTICLE}`;
    const page = await session.browser.newPage(session.server.page('/hostile/css', html(body, HOSTILE_CSS)));
    await waitForMarks(page, 6);
    await openByKeyboard(session.browser, page, 'azerbaijan');
    await closeCard(page);
    // Hover works through body { pointer-events: none } (the caret decides, not hit-testing).
    await openByHover(page, 'Middle Corridor');
    await expectIntact(page);
    await page.close();
    countReliability('hostile-pages');
  });

  it('built-ins overwritten before we start: marks, cards, and the page keeps its own versions', async () => {
    const page = await session.browser.newPage(
      session.server.page('/hostile/builtins', html(ARTICLE, SABOTAGE)),
    );
    // Keyboard stepping answers from our side only: it waits for the marks without the page's help.
    const tab = await messengerFor(session.browser, page);
    let step: { value: { total: number } | null } = { value: null };
    for (let i = 0; i < 100 && !step.value; i++) {
      step = (await tab.send({
        type: 'page:step',
        payload: { direction: 'next', entityId: 'baku' },
      })) as typeof step;
      if (!step.value) await new Promise((r) => setTimeout(r, 100));
    }
    await tab.close();
    expect(step.value?.total).toBe(6);
    const keyboard = await seenUnderSabotage(page, (seen) => seen.focus === 'CAUCASUS-LENS-CARD');
    for (const n of ['Azerbaijan', 'Armenia', 'Washington', 'Middle Corridor', 'Caspian Sea', 'Baku'])
      expect(keyboard.texts).toContain(`${n}|`);
    // The page's replacements stayed in place: we neither used nor repaired them.
    expect(keyboard).toMatchObject({ kept: true, stolenRoots: 0, listenersAsked: '', hostRoot: null });
    await closeCard(page);
    // Pointing at a mention with the built-ins broken again.
    const target = await markBox(page, 'Armenia');
    if (!target) throw new Error('no Armenia mark');
    await page.evaluate(
      (p) => {
        (window as unknown as { probe: { x: number; y: number } }).probe = p;
      },
      { x: target.x, y: target.bottom + 24 },
    );
    await page.press('F9');
    await page.mouseMove(target.x - 20, target.y);
    await page.mouseMove(target.x, target.y);
    const hover = await seenUnderSabotage(page, (seen) => seen.hostAt === 'CAUCASUS-LENS-CARD');
    expect(hover).toMatchObject({ kept: true, stolenRoots: 0, listenersAsked: '', hostRoot: null });
    await expectIntact(page);
    await page.close();
    countReliability('hostile-pages');
  });

  it("a strict Content-Security-Policy (default-src 'none'): marks and a styled card, no violation", async () => {
    const source = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title></head><body>${ARTICLE}</body></html>`;
    const url = session.server.page('/hostile/csp', source, {
      'content-security-policy': "default-src 'none'",
    });
    const page = await session.browser.newPage(url);
    await waitForMarks(page, 6);
    // The test's own script is not bound by the page's policy; it listens for violations from now on.
    await page.evaluate(() => {
      (window as unknown as { violations: string[] }).violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { violations: string[] }).violations.push(e.violatedDirective),
      );
    });
    // Positioned beside the mention: the card's own styles applied despite style-src 'none'.
    await openByKeyboard(session.browser, page, 'armenia');
    await closeCard(page);
    await openByHover(page, 'Caspian Sea');
    const state = await page.evaluate((src) => {
      const copy = document.documentElement.cloneNode(true) as Element;
      for (const host of copy.querySelectorAll('caucasus-lens-card')) host.remove();
      const parsed = new DOMParser().parseFromString(src, 'text/html').documentElement.outerHTML;
      return {
        same: copy.outerHTML === parsed,
        violations: (window as unknown as { violations: string[] }).violations,
      };
    }, source);
    expect(state).toEqual({ same: true, violations: [] });
    // Firefox's own favicon request is refused by the policy: the browser's, not ours.
    expect(page.errors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
    expect(page.extensionErrors).toEqual([]);
    await page.close();
    countReliability('hostile-pages');
  });

  it('a page that floods messages and searches for the reader’s note learns nothing of it', async () => {
    const passage = 'Armenia has said that the Trump Route will remain under Armenian sovereignty';
    const secret = 'Reader secret 7f3a: ask the ministry about the customs posts';
    const body = `<article><p>${passage} and customs control.</p>
      <p>Azerbaijan expects unimpeded transit to Nakhchivan; Baku and Yerevan keep talking.</p></article>
      <script>
      window.heard = 0;
      window.addEventListener('message', function () { window.heard++; });
      // Everything a page can find of ours: the DOM, our host, open shadow roots, selection, storage.
      window.search = function (secret) {
        var found = [];
        var host = document.querySelector('caucasus-lens-card');
        var texts = [document.documentElement.outerHTML, document.documentElement.innerText,
          document.documentElement.textContent, String(getSelection()), document.title,
          JSON.stringify(localStorage), JSON.stringify(sessionStorage)];
        if (host) texts.push(host.innerHTML, host.outerHTML, host.textContent);
        var all = document.querySelectorAll('*');
        for (var i = 0; i < all.length; i++) if (all[i].shadowRoot) texts.push(all[i].shadowRoot.innerHTML);
        for (var j = 0; j < texts.length; j++) if (String(texts[j]).indexOf(secret) >= 0) found.push(j);
        var closed = false;
        try { host.attachShadow({ mode: 'open' }); } catch (e) { closed = true; }
        return { found: found, host: Boolean(host), shadowRoot: host ? host.shadowRoot : 'no host',
          children: host ? host.childNodes.length : -1, closed: closed };
      };
      // Messages in every shape our protocol has, to the window and as DOM events.
      window.flood = function (wxtEvent) {
        // WXT's "a newer copy of this script started" event, forged: it would stop us.
        document.dispatchEvent(new CustomEvent(wxtEvent, { detail: { contentScriptName: 'content', messageId: 'x' } }));
        var shapes = [
          { type: 'entity:mute', payload: { entityId: 'armenia', muted: true } },
          { type: 'site:set-enabled', payload: { host: location.hostname, enabled: false } },
          { type: 'notes:add-entity', payload: { entityId: 'armenia', body: 'forged' } },
          { type: 'page:step', payload: { direction: 'next' } },
          'kb:entity', null, 42, { ok: true, value: {} }
        ];
        for (var i = 0; i < 5000; i++) {
          var m = shapes[i % shapes.length];
          window.postMessage(m, '*');
          document.dispatchEvent(new CustomEvent('caucasus-lens', { detail: m }));
          window.dispatchEvent(new MessageEvent('message', { data: m }));
        }
      };
      </script>`;
    const url = session.server.page('/hostile/privacy', html(body));
    const page = await session.browser.newPage(url);
    await waitForMarks(page, 5);

    // The reader selects the passage and writes a note on it through the extension.
    await page.evaluate((quote) => {
      const node = document.querySelector('p')?.firstChild as Text;
      getSelection()?.setBaseAndExtent(node, 0, node, quote.length);
    }, passage);
    const tab = await messengerFor(session.browser, page);
    const selection = (await tab.send({ type: 'page:selection', payload: {} })) as {
      value: { target: { quote: { exact: string } } };
    };
    expect(selection.value.target.quote.exact).toBe(passage);
    const added = (await session.browser.sendFromExtension({
      type: 'notes:add',
      payload: { kind: 'passage', entityIds: [], body: secret, url, target: selection.value.target },
    })) as { ok: boolean };
    expect(added.ok).toBe(true);
    await tab.send({ type: 'page:notes-changed', payload: {} });
    await tab.close();
    await page.evaluate(() => getSelection()?.removeAllRanges());
    expect(await noteTexts(page)).toEqual([passage]);

    // Nothing of ours ever posted a message to the page.
    expect(await page.evaluate(() => (window as unknown as { heard: number }).heard)).toBe(0);
    const before = await markCount(page);
    const id = name === 'firefox' ? GECKO_ID : (session.browser.extensionOrigin.split('//')[1] as string);
    await page.evaluate(
      (event) => (window as unknown as { flood: (event: string) => void }).flood(event),
      `${id}:content:wxt:content-script-started`,
    );
    // The page heard its own messages; we acted on none (a new paragraph marks as a sign of life).
    await page.waitFor(() => (window as unknown as { heard: number }).heard === 10_000);
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Later the talks moved to Tbilisi.';
      document.querySelector('article')?.append(p);
    });
    await waitForMarkText(page, 'Tbilisi');
    expect(await markCount(page)).toBe(before + 1);
    const settings = (await session.browser.sendFromExtension({ type: 'settings:get', payload: {} })) as {
      value: { settings: { mutedEntities: string[] } };
    };
    expect(settings.value.settings.mutedEntities).toEqual([]);
    const notes = (await session.browser.sendFromExtension({
      type: 'notes:for-entity',
      payload: { entityId: 'armenia' },
    })) as { value: { notes: { body: string }[] } };
    expect(notes.value.notes.map((n) => n.body)).toEqual([secret]);

    // The card shows the note (Chromium can look inside the closed root; the page cannot).
    await openByKeyboard(session.browser, page, 'armenia');
    if (page.cardElements) expect((await page.cardElements('.notes blockquote'))[0]?.text).toBe(secret);
    const search = () =>
      page.evaluate((s) => (window as unknown as { search: (s: string) => unknown }).search(s), secret);
    const hidden = { found: [], host: true, shadowRoot: null, children: 0, closed: true };
    expect(await search()).toEqual(hidden);
    // The note's own card, opened by pointing at the passage where it names nothing ("said").
    await closeCard(page);
    const said = await page.evaluate(() => {
      const node = document.querySelector('p')?.firstChild as Text;
      const range = document.createRange();
      const at = node.data.indexOf('said');
      range.setStart(node, at);
      range.setEnd(node, at + 4);
      const box = range.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2, bottom: box.bottom };
    });
    await hoverAt(page, said);
    if (page.cardElements) expect((await page.cardElements('.note-body'))[0]?.text).toContain(secret);
    expect(await search()).toEqual(hidden);
    expect(page.errors).toEqual([]);
    expect(page.extensionErrors).toEqual([]);
    const guard = await readGuard(page);
    expect(guard.errors).toEqual([]);
    // The only change to the page is its own paragraph.
    expect(guard.mutations).toEqual(['childList on ARTICLE']);
    expect((await readMarks(page)).some((m) => m.text === 'Armenia')).toBe(true);
    await page.close();
    countReliability('hostile-pages');
  });
});
