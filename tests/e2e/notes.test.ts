/**
 * Notes in real browsers: a passage note is found again after a reload, fuzzily after the page
 * changed a little, and listed as an orphan once its passage is gone; search finds notes in Armenian
 * and Russian, and the menus filter and sort it; an export imported into a fresh profile restores every note.
 */
import { describe, expect, it } from 'vitest';
import { noteTexts, waitForMarks } from './harness/annotations.ts';
import { BROWSERS, launch } from './harness/browsers.ts';
import { useSession } from './harness/session.ts';
import { messengerFor } from './harness/tabs.ts';

const PASSAGE =
  'Armenia has said that the Trump Route will remain under Armenian sovereignty and customs control';

const article = (paragraphs: string[]) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Route talks</title></head><body><article>${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('\n')}</article></body></html>`;

const V1 = [
  'Azerbaijan and Armenia initialled a peace agreement in Washington in August 2025.',
  `${PASSAGE}, while Azerbaijan expects unimpeded transit to Nakhchivan.`,
  'Iran and Russia watched the negotiations closely.',
];
/** A sentence inserted before the passage, and a word changed inside it. */
const V2 = [
  V1[0] as string,
  'Engineers from AECOM began site surveys in Syunik in early 2026.',
  `${PASSAGE.replace('will remain', 'would remain')}, while Azerbaijan expects unimpeded transit to Nakhchivan.`,
  V1[2] as string,
];
/** The passage removed. */
const V3 = [V1[0] as string, V1[2] as string];

describe.each(BROWSERS)('passage notes in %s', (name) => {
  const session = useSession(name);

  it('anchors a passage note, again after reload, fuzzily after an edit, and as an orphan once removed', async () => {
    const url = session.server.page('/notes/route-talks', article(V1));
    const page = await session.browser.newPage(url);
    await waitForMarks(page, 3);
    // The reader selects the passage (the context menu asks the page for it the same way).
    await page.evaluate((quote) => {
      const p = [...document.querySelectorAll('p')].find((el) => el.textContent?.includes(quote)) as Element;
      const node = p.firstChild as Text;
      const start = node.data.indexOf(quote);
      getSelection()?.setBaseAndExtent(node, start, node, start + quote.length);
    }, PASSAGE);
    const tab = await messengerFor(session.browser, page);
    const selection = (await tab.send({ type: 'page:selection', payload: {} })) as {
      ok: boolean;
      value: { target: { quote: { exact: string; prefix: string } }; title: string };
    };
    expect(selection.value.target.quote.exact).toBe(PASSAGE);
    expect(selection.value.target.quote.prefix).toHaveLength(32);
    const added = (await session.browser.sendFromExtension({
      type: 'notes:add',
      payload: {
        kind: 'passage',
        entityIds: [],
        body: 'Sovereignty is the #red-line',
        url,
        target: selection.value.target,
      },
    })) as { ok: boolean; value: { note: { id: string; entityIds: string[] } } };
    expect(added.ok).toBe(true);
    // Linked automatically to the entities its quote names.
    expect(added.value.note.entityIds).toEqual(expect.arrayContaining(['armenia', 'tripp']));
    await tab.send({ type: 'page:notes-changed', payload: {} });
    expect(await noteTexts(page)).toEqual([PASSAGE]);
    await tab.close();

    await page.goto(url);
    await page.waitFor(() => (CSS.highlights.get('caucasus-lens-note')?.size ?? 0) === 1);
    expect(await noteTexts(page)).toEqual([PASSAGE]);

    session.server.page('/notes/route-talks', article(V2));
    await page.goto(url);
    await page.waitFor(() => (CSS.highlights.get('caucasus-lens-note')?.size ?? 0) === 1);
    const [fuzzy] = await noteTexts(page);
    expect(fuzzy).toContain('would remain under Armenian sovereignty');
    expect(fuzzy?.startsWith('Armenia has said')).toBe(true);

    session.server.page('/notes/route-talks', article(V3));
    await page.goto(url);
    await waitForMarks(page, 2);
    const gone = await messengerFor(session.browser, page);
    await page.waitFor(() => CSS.highlights.has('caucasus-lens-note'));
    const summary = (await gone.send({ type: 'page:summary', payload: {} })) as {
      value: { orphaned: string[]; anchored: string[] };
    };
    expect(summary.value).toMatchObject({ orphaned: [added.value.note.id], anchored: [] });
    // The panel lists it with its quote, as not found.
    const panel = await session.browser.openExtensionPage(`sidepanel.html?tab=${gone.tabId}`);
    await panel.waitFor(
      () => document.querySelector('[data-testid="page-notes"] li.note.orphan .quote') !== null,
    );
    await gone.close();
    await panel.close();
    await page.close();
  });

  it('search finds notes by a word in Armenian and in Russian, whatever the case', async () => {
    for (const body of [
      'Սյունիքի մարզում նոր ճանապարհ',
      'Маршрут через Сюник обсуждают в Ереване',
      'Nothing to find here',
    ]) {
      const r = (await session.browser.sendFromExtension({
        type: 'notes:add',
        payload: { kind: 'entity', entityIds: ['syunik'], body },
      })) as { ok: boolean };
      expect(r.ok).toBe(true);
    }
    const panel = await session.browser.openExtensionPage('sidepanel.html');
    await panel.click('[data-testid="tab-notes"]');
    for (const query of ['ՍՅՈՒՆԻՔԻ', 'сюник']) {
      await panel.fill('[data-testid="search"]', query);
      await panel.waitFor((q) => {
        const notes = [...document.querySelectorAll('[data-testid="notes"] li.note')];
        return notes.length === 1 && (q === 'сюник' ? /Сюник/ : /Սյունիք/).test(notes[0]?.textContent ?? '');
      }, query);
    }
    await panel.close();
  });

  it('the Notes menus filter by tag, entity and date and sort, over the search', async () => {
    const bodies = ['Probe one #probe #first', 'Probe two #probe', 'Probe three, untagged'] as const;
    for (const [i, body] of bodies.entries()) {
      const r = (await session.browser.sendFromExtension({
        type: 'notes:add',
        payload: { kind: 'entity', entityIds: [i ? 'armenia' : 'azerbaijan'], body },
      })) as { ok: boolean };
      expect(r.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20)); // one edit time each
    }
    const panel = await session.browser.openExtensionPage('sidepanel.html');
    await panel.click('[data-testid="tab-notes"]');
    await panel.fill('[data-testid="search"]', 'probe');
    const shows = (expected: readonly string[]) =>
      panel.waitFor(
        (want) =>
          JSON.stringify(
            [...document.querySelectorAll('[data-testid="notes"] li.note .note-body')].map(
              (n) => n.textContent,
            ),
          ) === want,
        JSON.stringify(expected),
      );
    const pick = (menu: string, value: string) =>
      panel.evaluate(
        ([label, chosen]) => {
          const select = document.querySelector(`select[aria-label="${label}"]`) as HTMLSelectElement;
          select.value = chosen as string;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        },
        [menu, value],
      );
    const [one, two, three] = bodies;
    await shows([three, two, one]);
    await pick('Tag', 'first');
    await shows([one]);
    await pick('Tag', '');
    await pick('Entity', 'armenia');
    await shows([three, two]);
    await pick('Entity', '');
    await pick('Sort', 'oldest');
    await shows([one, two, three]);
    await pick('Date', '7');
    await shows([one, two, three]);
    await panel.close();
  });
});

describe('notes through the interface in chromium', () => {
  const session = useSession('chromium');

  it('select a passage, press Add note, write in the panel: the passage is marked on the page', async () => {
    const url = session.server.page('/notes/ui', article(V1));
    const page = await session.browser.newPage(url);
    await waitForMarks(page, 3);
    // A real drag over the passage's first words.
    const box = await page.evaluate((quote) => {
      const p = [...document.querySelectorAll('p')].find((el) => el.textContent?.includes(quote)) as Element;
      const range = document.createRange();
      const node = p.firstChild as Text;
      range.setStart(node, 0);
      range.setEnd(node, 'Armenia has said that'.length);
      const r = range.getBoundingClientRect();
      return { x1: r.left + 1, x2: r.right - 1, y: r.top + r.height / 2 };
    }, PASSAGE);
    await page.mouseMove(box.x1, box.y);
    await page.mouseDown();
    await page.mouseMove(box.x2, box.y);
    await page.mouseUp();
    const card = page.cardElements;
    if (!card) throw new Error('needs CDP');
    await page.waitFor(() => document.querySelector('caucasus-lens-card') !== null);
    let button: { x: number; y: number } | undefined;
    for (let i = 0; i < 50 && !button; i++) {
      button = (await card('.select-button'))[0];
      if (!button) await new Promise((r) => setTimeout(r, 50));
    }
    if (!button) throw new Error('no Add note button by the selection');
    await page.mouseClick(button.x, button.y);
    const tab = await messengerFor(session.browser, page);
    const panel = await session.browser.openExtensionPage(`sidepanel.html?tab=${tab.tabId}`);
    await panel.waitFor(
      () => document.querySelector('[data-testid="passage-quote"]')?.textContent === 'Armenia has said that',
    );
    expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'page-composer',
    );
    await panel.fill('[data-testid="page-composer"]', 'Who says so, and since when?');
    await panel.click('[data-testid="save-page-note"]');
    await page.waitFor(() => (CSS.highlights.get('caucasus-lens-note')?.size ?? 0) === 1);
    expect(await noteTexts(page)).toEqual(['Armenia has said that']);
    await panel.waitFor(() => document.querySelectorAll('[data-testid="page-notes"] li.note').length === 1);
    // Delete, then undo.
    await panel.click('[data-testid="page-notes"] [data-testid="delete"]');
    await page.waitFor(() => (CSS.highlights.get('caucasus-lens-note')?.size ?? 0) === 0);
    await panel.click('[data-testid="undo-delete"]');
    await panel.waitFor(() => document.querySelectorAll('[data-testid="page-notes"] li.note').length === 1);
    await tab.close();
    await panel.close();
    await page.close();
  });
});

describe('export and import in chromium', () => {
  const session = useSession('chromium');

  it('an export imported into a fresh profile restores every note', async () => {
    const bodies = ['First **note** #export', 'Второй текст', 'Երրորդ նշում'];
    for (const body of bodies) {
      await session.browser.sendFromExtension({
        type: 'notes:add',
        payload: { kind: 'entity', entityIds: ['armenia'], body },
      });
    }
    const panel = await session.browser.openExtensionPage('sidepanel.html');
    await panel.click('[data-testid="tab-notes"]');
    await panel.waitFor(
      () => document.querySelector('[data-testid="note-count"]')?.textContent === '3 of 3 notes',
    );
    // What the Export button downloads, caught before the download.
    const exported = await panel.evaluate(
      () =>
        new Promise<string>((resolve) => {
          HTMLAnchorElement.prototype.click = function () {
            void fetch(this.href)
              .then((r) => r.text())
              .then(resolve);
          };
          (document.querySelector('[data-testid="export-json"]') as HTMLButtonElement).click();
        }),
    );
    expect(JSON.parse(exported)).toMatchObject({ type: 'AnnotationCollection', total: 3 });
    await panel.close();

    const fresh = await launch('chromium');
    try {
      const result = (await fresh.sendFromExtension({
        type: 'notes:import',
        payload: { text: exported },
      })) as {
        ok: boolean;
        value: { added: number };
      };
      expect(result).toMatchObject({ ok: true, value: { added: 3, updated: 0, skipped: 0 } });
      const bad = (await fresh.sendFromExtension({
        type: 'notes:import',
        payload: { text: exported.slice(0, 200) },
      })) as {
        ok: boolean;
        error: string;
      };
      expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/Not JSON/) });
      const freshPanel = await fresh.openExtensionPage('sidepanel.html');
      await freshPanel.click('[data-testid="tab-notes"]');
      await freshPanel.waitFor(
        () => document.querySelector('[data-testid="note-count"]')?.textContent === '3 of 3 notes',
      );
      const texts = await freshPanel.evaluate(() =>
        [...document.querySelectorAll('[data-testid="notes"] li.note .note-body')].map((n) => n.textContent),
      );
      expect(texts.sort()).toEqual(['First note #export', 'Второй текст', 'Երրորդ նշում'].sort());
      await freshPanel.close();
    } finally {
      await fresh.close();
    }
  });
});
