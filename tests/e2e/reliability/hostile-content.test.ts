/**
 * Hostile pages by what they contain: open shadow roots, same- and cross-origin frames, SVG text,
 * right-to-left Persian, and editors the reader types in. Marks land where the text is (and only
 * there), cards open, and the page's content and the reader's typing are never disturbed.
 */
import { describe, expect, it } from 'vitest';
import { countReliability } from '../../reliability/counts.ts';
import { readMarks, waitForMarks, waitForMarkText } from '../harness/annotations.ts';
import { BROWSERS, type TestPage } from '../harness/browsers.ts';
import { useSession } from '../harness/session.ts';
import {
  closeCard,
  expectIntact,
  expectStillWorks,
  GUARD,
  html,
  openByHover,
  openByKeyboard,
  readGuard,
} from './hostile.ts';

const ARTICLE =
  '<article><p>Azerbaijan and Armenia initialled a peace agreement in Washington.</p>' +
  '<p>The Middle Corridor runs across the Caspian Sea to Baku.</p></article>';

/** Every mark on the page as "text@offset in its text node". */
const marksAt = (page: TestPage) =>
  page.evaluate(() => {
    const out: string[] = [];
    CSS.highlights.forEach((h, key) => {
      if (key === 'caucasus-lens-current') return;
      h.forEach((r) => {
        out.push(`${(r as Range).toString()}@${(r as Range).startOffset}`);
      });
    });
    return out.sort();
  });

/** A frame's document reports its own marks and whether our card is at a point, when asked. */
const FRAME_REPORTER = `<script>
addEventListener('message', function (e) {
  if (!e.data || e.data.ask !== 'marks') return;
  var texts = [];
  CSS.highlights.forEach(function (h, key) {
    if (key !== 'caucasus-lens-current') h.forEach(function (r) { texts.push(r.toString()); });
  });
  var box = null;
  CSS.highlights.forEach(function (h) {
    h.forEach(function (r) { if (!box && r.toString() === 'Tbilisi') box = r.getBoundingClientRect(); });
  });
  var card = box && document.elementFromPoint(box.left + 5, box.bottom + 24);
  e.source.postMessage({ texts: texts.sort(), box: box && { x: box.left + 5, y: box.top + box.height / 2 },
    cardAt: Boolean(card && card.tagName.toLowerCase() === 'caucasus-lens-card'),
    guard: window.__guard.mutations.length + window.__guard.errors.length }, '*');
});
</script>`;

const FRAME_BODY = `<p>Tbilisi hosted the talks; Georgia and Azerbaijan signed a transit memorandum on the Middle Corridor,
  and the delegations then travelled on to Baku for a second round that lasted well into the night.</p>`;

/** Asks the frame for its report, from the top page. */
const askFrame = (page: TestPage, id: string) =>
  page.evaluate(
    (frameId) =>
      new Promise<{ texts: string[]; box: { x: number; y: number } | null; cardAt: boolean; guard: number }>(
        (resolve) => {
          const frame = document.getElementById(frameId) as HTMLIFrameElement;
          const listener = (e: MessageEvent) => {
            if (e.source !== frame.contentWindow) return;
            removeEventListener('message', listener);
            resolve(e.data);
          };
          addEventListener('message', listener);
          frame.contentWindow?.postMessage({ ask: 'marks' }, '*');
          // Not loaded (or not answering) yet: an empty report, asked again.
          setTimeout(() => {
            removeEventListener('message', listener);
            resolve({ texts: [], box: null, cardAt: false, guard: -1 });
          }, 500);
        },
      ),
    id,
  );

describe.each(BROWSERS)('hostile pages by content in %s', (name) => {
  const session = useSession(name);

  it('open shadow roots are left alone, their styles and text intact; the page around is marked', async () => {
    // Decided: not marked (yet). See the report: ordering, hit-testing and styles need a composed tree.
    const body = `${ARTICLE}<div id="widget"></div><script>
      var root = document.getElementById('widget').attachShadow({ mode: 'open' });
      root.innerHTML = '<style>p { color: rgb(1, 2, 3); }</style><p>Tbilisi and Yerevan in a widget.</p>';
      window.widgetBefore = root.innerHTML;
    </script>`;
    const page = await session.browser.newPage(session.server.page('/hostile/shadow', html(body)));
    await waitForMarks(page, 6);
    await openByKeyboard(session.browser, page, 'baku');
    await closeCard(page);
    await openByHover(page, 'Armenia');
    const texts = (await readMarks(page)).map((m) => m.text);
    expect(texts).not.toContain('Tbilisi');
    const widget = await page.evaluate(() => {
      const root = document.getElementById('widget')?.shadowRoot as ShadowRoot;
      return {
        same: root.innerHTML === (window as unknown as { widgetBefore: string }).widgetBefore,
        sheets: root.adoptedStyleSheets.length,
        color: getComputedStyle(root.querySelector('p') as Element).color,
      };
    });
    expect(widget).toEqual({ same: true, sheets: 0, color: 'rgb(1, 2, 3)' });
    await expectIntact(page);
    await page.close();
    countReliability('hostile-pages');
  });

  it('same-origin and cross-origin frames: each marks its own document and opens its own card', async () => {
    const frame = (path: string) =>
      session.server.page(
        path,
        `<!doctype html><html lang="en"><body>${FRAME_BODY}${FRAME_REPORTER}${GUARD}</body></html>`,
      );
    const same = frame('/hostile/frame-same');
    // Another origin on the same server: Chromium maps second-site.test to it, Firefox reaches localhost.
    const cross = frame('/hostile/frame-cross').replace(
      '127.0.0.1',
      name === 'chromium' ? 'second-site.test' : 'localhost',
    );
    const body = `${ARTICLE}<iframe id="same" src="${same}" width="600" height="200"></iframe>
      <iframe id="cross" src="${cross}" width="600" height="200"></iframe>`;
    const page = await session.browser.newPage(session.server.page('/hostile/frames', html(body)));
    await waitForMarks(page, 6);
    const expected = ['Azerbaijan', 'Baku', 'Georgia', 'Middle Corridor', 'Tbilisi'];
    for (const id of ['same', 'cross']) {
      let report = await askFrame(page, id);
      for (let i = 0; i < 40 && report.texts.length < expected.length; i++) {
        await new Promise((r) => setTimeout(r, 100));
        report = await askFrame(page, id);
      }
      expect({ id, texts: report.texts }).toEqual({ id, texts: expected });
      // Pointing at the frame's mention opens the card inside that frame.
      const offset = await page.evaluate((frameId) => {
        const box = (document.getElementById(frameId) as HTMLElement).getBoundingClientRect();
        return { left: box.left, top: box.top };
      }, id);
      if (!report.box) throw new Error('no box');
      const x = offset.left + 2 + report.box.x;
      const y = offset.top + 2 + report.box.y;
      await page.mouseMove(x - 20, y);
      await page.mouseMove(x, y);
      for (let i = 0; i < 40 && !report.cardAt; i++) {
        await new Promise((r) => setTimeout(r, 100));
        report = await askFrame(page, id);
      }
      expect(report).toMatchObject({ cardAt: true, guard: 0 });
      await page.mouseMove(1, 1);
    }
    // The top document's own marks and card are its own.
    expect((await readMarks(page)).map((m) => m.text)).not.toContain('Tbilisi');
    await openByKeyboard(session.browser, page, 'azerbaijan');
    await expectIntact(page);
    await page.close();
    countReliability('hostile-pages');
  });

  it('SVG text: names marked, one across <tspan>s, and the card opens on them', async () => {
    const body = `${ARTICLE}<svg width="700" height="120" xmlns="http://www.w3.org/2000/svg">
      <text x="10" y="30">Pipeline map: Baku to Tbilisi</text>
      <text x="10" y="70">The Southern <tspan font-weight="bold">Gas</tspan> Corridor</text></svg>`;
    const page = await session.browser.newPage(session.server.page('/hostile/svg', html(body)));
    await waitForMarkText(page, 'Southern Gas Corridor');
    await waitForMarkText(page, 'Tbilisi');
    await expectStillWorks(session.browser, page, 'southern-gas-corridor', 'Tbilisi');
  });

  it('right-to-left Persian: each name marked at its exact offset, the card in Persian', async () => {
    const text =
      'جمهوری آذربایجان و ارمنستان در واشنگتن توافق کردند؛ تهران و مسکو نگران‌اند. گذرگاه زنگزور از ايران می‌گذرد.';
    const body = `<article dir="rtl"><p>${text}</p></article>`;
    const page = await session.browser.newPage(session.server.page('/hostile/persian', html(body, '', 'fa')));
    await waitForMarks(page, 6);
    // Offsets found in the text itself: the Arabic yeh of "ايران" is folded for matching only.
    const expected = ['جمهوری آذربایجان', 'ارمنستان', 'تهران', 'مسکو', 'زنگزور', 'ايران']
      .map((n) => `${n}@${text.indexOf(n)}`)
      .sort();
    expect(await marksAt(page)).toEqual(expected);
    await openByKeyboard(session.browser, page, 'azerbaijan');
    if (page.cardElements) {
      expect((await page.cardElements('.name'))[0]?.text).toContain('آذربایجان');
      expect((await page.cardElements('.english'))[0]?.text).toBe('Azerbaijan');
    }
    await closeCard(page);
    await openByHover(page, 'تهران');
    await expectIntact(page);
    await page.close();
    countReliability('hostile-pages');
  });

  it('editors and textareas: never marked, and typing in them lands exactly where the reader types', async () => {
    const body = `${ARTICLE}
      <div id="editor" contenteditable="true"><p>Draft: Baku and Yerevan</p><p id="last">Notes on Tbilisi</p></div>
      <textarea id="area">Azerbaijan and Armenia</textarea>
      <input id="field" value="Middle Corridor">`;
    const page = await session.browser.newPage(session.server.page('/hostile/editors', html(body)));
    await waitForMarks(page, 6);
    const inEditors = () =>
      page.evaluate(() => {
        let n = 0;
        const editor = document.getElementById('editor') as HTMLElement;
        CSS.highlights.forEach((h) => {
          h.forEach((r) => {
            if (editor.contains((r as Range).startContainer)) n++;
          });
        });
        return n;
      });
    expect(await inEditors()).toBe(0);
    // Type at the end of the editor's last paragraph, a name included.
    await page.evaluate(() => {
      const last = document.getElementById('last') as HTMLElement;
      last.focus();
      getSelection()?.collapse(last.firstChild, (last.firstChild as Text).length);
    });
    for (const key of ' and Georgia'.split('')) await page.press(key);
    await page.click('#area');
    await page.press('End');
    for (const key of ' in Baku'.split('')) await page.press(key);
    // A sign of life after the typing: a paragraph the page adds is marked (the batch is done).
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Later the talks moved to Yerevan.';
      document.querySelector('article')?.append(p);
    });
    await waitForMarkText(page, 'Yerevan');
    expect(await inEditors()).toBe(0);
    const state = await page.evaluate(() => ({
      editor: [...document.querySelectorAll('#editor p')].map((p) => p.textContent).join('|'),
      area: (document.getElementById('area') as HTMLTextAreaElement).value,
      field: (document.getElementById('field') as HTMLInputElement).value,
    }));
    expect(state).toEqual({
      editor: 'Draft: Baku and Yerevan|Notes on Tbilisi and Georgia',
      area: 'Azerbaijan and Armenia in Baku',
      field: 'Middle Corridor',
    });
    const guard = await readGuard(page);
    expect(guard.errors).toEqual([]);
    expect(page.errors).toEqual([]);
    expect(page.extensionErrors).toEqual([]);
    await page.close();
    countReliability('hostile-pages');
  });
});
