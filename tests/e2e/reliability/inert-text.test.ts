/**
 * Hostile note text in real browsers: notes put in through the side panel's import and notes:add
 * from an extension page, their bodies and titles carrying HTML, <script>, <svg onload>,
 * javascript: and data: links, bidi overrides and a megabyte of text, are shown as text in the side
 * panel (Notes, an entity, This page), in the hover card (the passage's note, the entity's latest
 * note) and in the Markdown and JSON exports. The unit side is tests/unit/reliability/inert-text.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWN_CHARS } from '../../../components/NoteBody.tsx';
import type { ImportedNote } from '../../../lib/db/notes-store.ts';
import { toAnnotationCollection } from '../../../lib/notes/interchange.ts';
import { countReliability } from '../../reliability/counts.ts';
import { waitForMarks } from '../harness/annotations.ts';
import { BROWSERS, type TestPage } from '../harness/browsers.ts';
import { useSession } from '../harness/session.ts';
import { messengerFor } from '../harness/tabs.ts';

/** What any payload sets if it ever runs, in whichever window it lands. */
const FLAG = 'lensPwned';
const RAN = `window.${FLAG}=1`;

/** The passage: hostile-looking words the page shows as text (escaped in its HTML). */
const QUOTE = `<img src=x onerror=${RAN}> was posted`;
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Comments</title></head><body>
<p>Officials of Armenia and Azerbaijan met in Tbilisi on Tuesday.</p>
<p>A comment under the story read ${QUOTE.replace(/</g, '&lt;').replace(/>/g, '&gt;')} and the editors removed it.</p>
</body></html>`;

/** Bodies that would make elements, run code or link anywhere if any surface took them as HTML. */
function hostileBodies(beacon: string): string[] {
  return [
    `Image: <img src="${beacon}/img" onerror="${RAN}"> end`,
    `Script: <script>${RAN}</script> end`,
    `Vector: <svg onload="${RAN}"><image href="${beacon}/svg"></image></svg> end`,
    `Frame: <iframe src="${beacon}/frame"></iframe><object data="${beacon}/object"></object> end`,
    `Links: <a href="javascript:${RAN}">html</a> [md](javascript:${RAN}) [data](data:text/html,<script>${RAN}</script>) [fine](https://example.org/fine)`,
    `\u202Egnp.exe #ok [site](https://example.org/site) #end`,
    `<img src=x onerror=${RAN}> \u202Dforced\u202C and \u202Bembedded\u202C and \u202Eunclosed`,
  ];
}
/** A title whose override, were it not isolated, would reverse the controls after it (Edit · Delete). */
const TITLE = `\u202EComments <img src=x onerror=${RAN}>`;
/**
 * Import takes bodies of up to 200,000 characters: five of them make the megabyte. Each is shown to
 * its first SHOWN_CHARS (one long paragraph of Armenian froze Chromium for seconds), the rest on request.
 */
const BIG_NOTES = 5;
const BIG_LENGTH = 200_000;
const big = (i: number) => {
  const head = `<img src=x onerror=${RAN}>\u202E big ${i} `;
  return head + 'Սյունիք road, Syunik '.repeat(BIG_LENGTH / 20).slice(0, BIG_LENGTH - head.length);
};

const note = (body: string, extra: Partial<ImportedNote>): ImportedNote => ({
  id: randomUUID(),
  kind: 'entity',
  entityIds: ['armenia'],
  body,
  tags: [],
  createdAt: Date.UTC(2026, 0, 1),
  updatedAt: Date.UTC(2026, 0, 1),
  device: 'elsewhere',
  ...extra,
});

/** Counts requests: an element made from note text would fetch from here. */
function useBeacon() {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(404).end();
  });
  let origin = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    hits,
    get origin() {
      return origin;
    },
  };
}

/** In a panel: what the notes under `scope` are made of. Runs in the page, so self-contained. */
function inspect(scope: string) {
  const root = document.querySelector(scope);
  const notes = [...(root?.querySelectorAll('li.note') ?? [])];
  const all = (selector: string) => notes.flatMap((n) => [...n.querySelectorAll(selector)]);
  const texts = (node: Node): Text[] =>
    [...node.childNodes].flatMap((c) => (c.nodeType === 3 ? [c as Text] : texts(c)));
  const bodies = all('.note-body');
  /** Later in reading order: on a lower line, or further right on the same one. */
  const after = (a: Element, b: Element) => {
    const ra = a.getBoundingClientRect();
    const rb = b.getBoundingClientRect();
    return Math.abs(ra.top - rb.top) < 2 ? rb.left > ra.left : rb.top > ra.top;
  };
  const disorder: string[] = [];
  for (const n of notes) {
    const edit = n.querySelector('[data-testid="edit"]');
    const del = n.querySelector('[data-testid="delete"]');
    if (edit && del && !after(edit, del)) disorder.push('Delete before Edit');
    for (const p of n.querySelectorAll('.note-body p')) {
      const inline = [...p.querySelectorAll('.tag, a')];
      for (let i = 1; i < inline.length; i++)
        if (!after(inline[i - 1] as Element, inline[i] as Element))
          disorder.push(`${inline[i]?.textContent} before ${inline[i - 1]?.textContent}`);
    }
  }
  return {
    notes: notes.length,
    elements: all('img, script, svg, iframe, object, embed, style, math, video, audio, form').map(
      (e) => e.tagName,
    ),
    handlers: all('*').flatMap((e) => e.getAttributeNames().filter((a) => a.startsWith('on'))),
    hrefs: all('a').map((a) => a.getAttribute('href') ?? ''),
    // Every piece of body text in its own <bdi> (the tag's "#" aside), the body isolated as a whole.
    loose: bodies.flatMap((b) =>
      texts(b)
        .filter((t) => t.data !== '#' && !['BDI', 'BUTTON'].includes((t.parentNode as Element).tagName))
        .map((t) => t.data.slice(0, 40)),
    ),
    unisolated: bodies.filter(
      (b) => b.getAttribute('dir') !== 'auto' || getComputedStyle(b).unicodeBidi !== 'isolate',
    ).length,
    bodies: bodies.map((b) =>
      [...b.querySelectorAll('p, li')]
        .map((p) => p.textContent)
        .join('')
        .replace(/\s+/g, ''),
    ),
    cut: all('.note-body [data-testid="show-whole"]').length,
    disorder,
    ran: (window as unknown as Record<string, unknown>).lensPwned ?? null,
  };
}

/** A body as the reader sees it: http(s) links show their words; spaces aside. */
const shownText = (body: string) =>
  body.replace(/\[([^\]\n]+)\]\((https?:[^)\s]+)\)/g, '$1').replace(/\s+/g, '');
const squeeze = (s: string) => s.replace(/\s+/g, '');
/** Short enough to read in a failure: a megabyte body by its length and start. */
const brief = (s: string) => (s.length > 300 ? `${s.length} chars: ${s.slice(0, 80)}` : s);

/** What the panel's export button downloads, caught before the download. */
async function exported(panel: TestPage, button: string): Promise<string> {
  // Pressed from the page: rows laid out as they scroll into view would move a pointer's target.
  return panel.evaluate(
    (testid) =>
      new Promise<string>((resolve) => {
        HTMLAnchorElement.prototype.click = function () {
          void fetch(this.href)
            .then((r) => r.text())
            .then(resolve);
        };
        (document.querySelector(`[data-testid="${testid}"]`) as HTMLButtonElement).click();
      }),
    button,
  );
}

/** Picks a file in the panel's Import field (as the file chooser would set it) and waits for the verdict. */
async function importFile(panel: TestPage, text: string): Promise<string> {
  const before = await panel.evaluate(
    () => document.querySelector('[data-testid="import-result"]')?.textContent ?? '',
  );
  await panel.evaluate((t) => {
    const input = document.querySelector('[data-testid="import"]') as HTMLInputElement;
    const files = new DataTransfer();
    files.items.add(new File([t], 'notes.jsonld', { type: 'application/ld+json' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, text);
  await panel.waitFor(
    (b) => (document.querySelector('[data-testid="import-result"]')?.textContent ?? '') !== b,
    before,
  );
  return panel.evaluate(() => document.querySelector('[data-testid="import-result"]')?.textContent ?? '');
}

/** Every note of the Notes view rendered: the list shows the first few and grows on request. */
async function showAllNotes(panel: TestPage): Promise<void> {
  while (
    await panel.evaluate(() => {
      const more = document.querySelector<HTMLButtonElement>('[data-testid="show-more"]');
      more?.click();
      return more !== null;
    })
  );
}

for (const name of BROWSERS) {
  describe(`hostile note text in ${name}`, () => {
    const session = useSession(name);
    const beacon = useBeacon();
    let page: TestPage;
    let panel: TestPage;
    let tabId: number;
    let bodies: string[];
    let passageBody: string;

    beforeAll(async () => {
      bodies = hostileBodies(beacon.origin);
      passageBody = bodies.join('\n\n');
      const url = session.server.page('/inert/comments', PAGE);
      page = await session.browser.newPage(url);
      await waitForMarks(page, 3);
      // A passage note through notes:add from an extension page, on the hostile-looking passage.
      await page.evaluate((quote) => {
        const p = [...document.querySelectorAll('p')].find((el) =>
          el.textContent?.includes(quote),
        ) as Element;
        const node = p.firstChild as Text;
        const start = node.data.indexOf(quote);
        getSelection()?.setBaseAndExtent(node, start, node, start + quote.length);
      }, QUOTE);
      const tab = await messengerFor(session.browser, page);
      tabId = tab.tabId;
      const selection = (await tab.send({ type: 'page:selection', payload: {} })) as {
        value: { target: { quote: { exact: string } } };
      };
      expect(selection.value.target.quote.exact).toBe(QUOTE);
      await page.evaluate(() => getSelection()?.removeAllRanges());
      const added = (await session.browser.sendFromExtension({
        type: 'notes:add',
        payload: {
          kind: 'passage',
          entityIds: [],
          body: passageBody,
          url,
          title: TITLE,
          target: selection.value.target,
        },
      })) as { ok: boolean };
      expect(added).toMatchObject({ ok: true });
      await tab.send({ type: 'page:notes-changed', payload: {} });
      await tab.close();

      // The rest through the panel's Import: hostile bodies on this page (linked to Armenia), and a megabyte.
      panel = await session.browser.openExtensionPage(`sidepanel.html?tab=${tabId}`);
      await panel.click('[data-testid="tab-notes"]');
      const file = JSON.stringify(
        toAnnotationCollection(
          [
            ...bodies.map((body, i) =>
              note(body, {
                kind: 'page',
                url,
                title: TITLE,
                tags: body.includes('#ok') ? ['ok', 'end'] : [],
                // The last is the latest: the one the Armenia card shows.
                updatedAt: Date.UTC(2026, 0, 2 + i),
              }),
            ),
            ...Array.from({ length: BIG_NOTES }, (_, i) => note(big(i), { entityIds: ['georgia'] })),
          ],
          'Hostile',
        ),
      );
      expect(await importFile(panel, file)).toBe(
        `Imported: ${bodies.length + BIG_NOTES} added, 0 updated, 0 already here.`,
      );
    });

    afterAll(async () => {
      await panel?.close();
      await page?.close();
    });

    it('the side panel shows them as text in Notes, the entity and This page, and stays responsive', async () => {
      const total = 1 + bodies.length + BIG_NOTES;
      await panel.waitFor(
        (n) => document.querySelector('[data-testid="note-count"]')?.textContent === `${n} of ${n} notes`,
        total,
      );
      const expectInert = (seen: ReturnType<typeof inspect>, shown: string[]) => {
        expect(seen.notes).toBe(shown.length);
        expect(seen.cut).toBe(shown.filter((b) => b.length > SHOWN_CHARS).length);
        expect(seen.elements).toEqual([]);
        expect(seen.handlers).toEqual([]);
        for (const href of seen.hrefs) expect(href).toMatch(/^https?:\/\//);
        expect(seen.loose).toEqual([]);
        expect(seen.unisolated).toBe(0);
        expect(seen.disorder).toEqual([]);
        expect(seen.bodies.map(brief).sort()).toEqual(
          shown.map((b) => brief(shownText(b.slice(0, SHOWN_CHARS)))).sort(),
        );
        expect(seen.ran).toBeNull();
      };
      await showAllNotes(panel);
      const notes = await panel.evaluate(inspect, '[data-testid="notes-view"]');
      expectInert(notes, [passageBody, ...bodies, ...Array.from({ length: BIG_NOTES }, (_, i) => big(i))]);
      // The http(s) links of the bodies and the pages, nothing else.
      expect(notes.hrefs.filter((h) => !h.startsWith(session.server.origin)).sort()).toEqual([
        'https://example.org/fine',
        'https://example.org/fine',
        'https://example.org/site',
        'https://example.org/site',
      ]);

      // The entity: a click on a note's Armenia chip (after a megabyte of text, the panel still answers).
      await panel.click('[data-testid="notes"] li.note .chip[data-target="armenia"]');
      await panel.waitFor(
        (n) => document.querySelectorAll('[data-testid="entity-notes"] li.note').length === n,
        bodies.length,
      );
      expectInert(await panel.evaluate(inspect, '[data-testid="entity-notes"]'), bodies);

      await panel.click('[data-testid="tab-page"]');
      await panel.waitFor(
        (n) => document.querySelectorAll('[data-testid="page-notes"] li.note').length === n,
        1 + bodies.length,
      );
      const here = await panel.evaluate(inspect, '[data-testid="page-notes"]');
      expectInert(here, [passageBody, ...bodies]);
      // The passage's quote is text too.
      expect(
        await panel.evaluate(() => document.querySelector('[data-testid="page-notes"] .quote')?.textContent),
      ).toBe(QUOTE);

      expect(beacon.hits).toEqual([]);
      // A CSP report of a blocked handler would be a console error here.
      expect(panel.errors).toEqual([]);
      countReliability('hostile-pages');
    });

    it('the hover card shows the passage note and the entity latest note as text', async () => {
      // The pointer comes to rest on the passage's note highlight.
      const box = await page.evaluate(() => {
        let rect: DOMRect | null = null;
        CSS.highlights.get('caucasus-lens-note')?.forEach((r) => {
          rect ??= (r as Range).getBoundingClientRect();
        });
        const b = rect as DOMRect | null;
        return b ? { x: b.left + 20, y: b.top + b.height / 2, bottom: b.bottom } : null;
      });
      if (!box) throw new Error('the passage is not marked as noted');
      await page.mouseMove(box.x - 30, box.y);
      await page.mouseMove(box.x - 10, box.y);
      await page.mouseMove(box.x, box.y);
      const cardAt = { x: box.x, y: box.bottom + 30 };
      await page.waitFor(
        (p) => document.elementFromPoint(p.x, p.y)?.tagName.toLowerCase() === 'caucasus-lens-card',
        cardAt,
        5000,
      );
      const card = page.cardElements;
      if (card) {
        const [body] = await card('.card[data-note-id] .note-body');
        expect(squeeze(body?.text ?? '')).toBe(shownText(passageBody));
        expect(
          await card('.card img, .card script, .card svg, .card iframe, .card object, .card embed'),
        ).toEqual([]);
        expect(await card('.card a:not([href^="https://"])')).toEqual([]);
        expect((await card('.note-body a')).map((a) => a.text)).toEqual(['fine', 'site']);
        // The override stays in its piece: the tags and link after it keep their order.
        const [ok, site, end] = await card('.note-body p:nth-child(6) :is(.tag, a)');
        expect([ok?.text, site?.text, end?.text]).toEqual(['#ok', 'site', '#end']);
        expect((ok?.x ?? 0) < (site?.x ?? 0) && (site?.x ?? 0) < (end?.x ?? 0)).toBe(true);
      }
      await page.press('Escape');

      // Armenia's card shows the latest of its notes on this page.
      const tab = await messengerFor(session.browser, page);
      await tab.send({ type: 'page:step', payload: { direction: 'next', entityId: 'armenia' } });
      await tab.close();
      await page.waitFor(() => document.activeElement?.tagName.toLowerCase() === 'caucasus-lens-card');
      if (card) {
        const [latest] = await card('.notes blockquote[dir="auto"]');
        expect(latest?.text).toBe(bodies.at(-1));
        expect(
          await card('.card img, .card script, .card svg, .card iframe, .card object, .card embed'),
        ).toEqual([]);
      }
      await page.press('Escape');

      // Nothing ran in the page and nothing was fetched, whatever the browser lets us see of the card.
      expect(
        await page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag] ?? null, FLAG),
      ).toBeNull();
      expect(beacon.hits).toEqual([]);
      expect(page.errors).toEqual([]);
      expect(page.extensionErrors).toEqual([]);
      countReliability('hostile-pages');
    });

    /** A fresh panel on the Notes view, in front of the page. */
    async function reopenPanel() {
      await panel.close();
      panel = await session.browser.openExtensionPage(`sidepanel.html?tab=${tabId}`);
      await panel.click('[data-testid="tab-notes"]');
      await panel.waitFor(
        (n) => document.querySelector('[data-testid="note-count"]')?.textContent === `${n} of ${n} notes`,
        1 + bodies.length + BIG_NOTES,
      );
    }

    it('the Markdown and JSON exports carry the text inert', async () => {
      await reopenPanel();
      const md = await exported(panel, 'export-markdown');
      // No tag, comment or autolink can open.
      expect(md).not.toContain('<');
      // A link is "](" and its target: only http(s) targets are left as links.
      const targets = [...md.matchAll(/(?<!\\)\]\(\s*([^)\s]*)/g)].map((m) => m[1]);
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) expect(target).toMatch(/^https?:\/\//);
      expect(md).not.toMatch(/(^|[^\\])\[[^\]\n]*\]:/m);
      // The words are all there, the overrides too.
      expect(md).toContain(`javascript:${RAN}`);
      expect(md).toContain('\u202Egnp.exe');
      expect(md.length).toBeGreaterThan(BIG_NOTES * BIG_LENGTH);

      const json = JSON.parse(await exported(panel, 'export-json')) as {
        first: { items: { body: { purpose: string; value: string }[]; 'lens:title'?: string }[] };
      };
      const values = json.first.items.map((a) => a.body.find((b) => b.purpose === 'commenting')?.value);
      // Data, byte for byte.
      expect(values.sort()).toEqual(
        [passageBody, ...bodies, ...Array.from({ length: BIG_NOTES }, (_, i) => big(i))].sort(),
      );
      expect(json.first.items.filter((a) => a['lens:title'] === TITLE)).toHaveLength(1 + bodies.length);
      expect(panel.errors).toEqual([]);
      countReliability('hostile-pages');
    });

    it('refuses an import with markup in a tag, and a single body of a megabyte, adding nothing', async () => {
      await reopenPanel();
      const before = await panel.evaluate(
        () => document.querySelector('[data-testid="note-count"]')?.textContent,
      );
      const tagged = JSON.stringify(
        toAnnotationCollection([note('tagged', { tags: ['<img src=x onerror=alert(1)>'] })], 'Bad tag'),
      );
      expect(await importFile(panel, tagged)).toMatch(/^Nothing imported\. .*a tag is 1 to 40 letters/);
      const huge = JSON.stringify(toAnnotationCollection([note('x'.repeat(1024 * 1024), {})], 'Huge'));
      expect(await importFile(panel, huge)).toMatch(/^Nothing imported\./);
      expect(
        await panel.evaluate(() => document.querySelector('[data-testid="note-count"]')?.textContent),
      ).toBe(before);
    });
  });
}
