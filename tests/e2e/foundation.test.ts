/** The foundation, proven in both real browsers: loads, answers, marks, side panel, popup toggle. */
import { describe, expect, it } from 'vitest';
import { SEED_MENTIONS } from '../recognizer/seed-labels.ts';
import { markCount, readMarks, waitForMarkCount, waitForMarks } from './harness/annotations.ts';
import { BROWSERS, type TestBrowser, type TestPage } from './harness/browsers.ts';
import { useSession } from './harness/session.ts';
import { messengerFor } from './harness/tabs.ts';

/** The tab id of a page, found from an extension page by asking each tab's content script its URL. */
async function tabOf(browser: TestBrowser, page: TestPage): Promise<number> {
  const messenger = await messengerFor(browser, page);
  await messenger.close();
  return messenger.tabId;
}

describe.each(BROWSERS)('foundation in %s', (name) => {
  const session = useSession(name);

  it('loads, and the background answers a message with the knowledge base it loaded', async () => {
    const response = (await session.browser.sendFromExtension({ type: 'sys:ping', payload: {} })) as {
      ok: boolean;
      value: { kbHash: string; entities: number };
    };
    expect(response.ok).toBe(true);
    expect(response.value.kbHash).toMatch(/^[0-9a-f]{16}$/);
    expect(response.value.entities).toBeGreaterThan(0);
  });

  it('the background rejects a malformed message without throwing', async () => {
    const response = await session.browser.sendFromExtension({ type: 'kb:entity', payload: { id: 7 } });
    expect(response).toMatchObject({ ok: false, error: expect.stringMatching(/invalid kb:entity payload/) });
  });

  it('marks the expected names on a local page, in three scripts, and nowhere else', async () => {
    const page = await session.browser.newPage(session.server.url('/fixtures/basic.html'));
    const marks = await waitForMarks(page, 3);
    const texts = marks.map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['Azerbaijan', 'Ադրբեջան', 'Азербайджан']));
    expect(texts).not.toContain('banana');
    // Textareas and editors are the reader's own text: never marked.
    const inEditors = await page.evaluate(() => {
      let n = 0;
      CSS.highlights.forEach((highlight) => {
        for (const range of highlight) {
          const parent = range.startContainer.parentElement;
          if (parent?.closest('textarea, [contenteditable]')) n++;
        }
      });
      return n;
    });
    expect(inEditors).toBe(0);
    // The page's DOM and its own script state are untouched.
    expect(await page.evaluate(() => document.querySelectorAll('mark, [class*="caucasus"]').length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pageOwnMarker: number }).pageOwnMarker)).toBe(
      42,
    );
    expect(page.errors).toEqual([]);
    expect(page.extensionErrors).toEqual([]);
    await page.close();
  });

  it('marks every actor and corridor the seed article names', async () => {
    const page = await session.browser.newPage(session.server.url('/seed'));
    await waitForMarks(page, SEED_MENTIONS.length);
    const marked = (await readMarks(page)).map((m) => m.text);
    // Every labelled name of the seed, as many times as it occurs.
    const missing = [...SEED_MENTIONS.map(([surface]) => surface)];
    for (const text of marked) {
      const i = missing.indexOf(text);
      if (i >= 0) missing.splice(i, 1);
    }
    expect(missing).toEqual([]);
    await page.close();
  });

  it('the side panel reads what the background wrote to IndexedDB', async () => {
    const ping = (await session.browser.sendFromExtension({ type: 'sys:ping', payload: {} })) as {
      value: { entities: number };
    };
    const panel = await session.browser.openExtensionPage('sidepanel.html');
    await panel.waitFor(
      (n) => document.querySelector('[data-testid="kb-status"]')?.textContent?.startsWith(`${n} entities`),
      ping.value.entities,
    );
    await panel.click('[data-testid="tab-notes"]');
    await panel.fill('[data-testid="search"]', 'Азербайджан');
    await panel.waitFor(() => document.querySelector('[data-entity-id="azerbaijan"]') !== null);
    await panel.close();
  });

  // One alias per language, each for a different entity, looked up in the side panel.
  it.each([
    ['en', 'Zangezur corridor', 'zangezur-corridor'],
    ['ru', 'Южный Кавказ', 'south-caucasus'],
    ['az', 'Xankəndi', 'khankendi'],
    ['hy', 'Երևան', 'yerevan'],
    ['ka', 'თბილისი', 'tbilisi'],
    ['tr', 'Bakü', 'baku'],
    ['fa', 'قره‌باغ', 'karabakh'],
  ])('the side panel finds an entity by its %s name "%s"', async (_lang, query, id) => {
    const panel = await session.browser.openExtensionPage('sidepanel.html');
    await panel.waitFor(() =>
      document.querySelector('[data-testid="kb-status"]')?.textContent?.includes('entities'),
    );
    await panel.click('[data-testid="tab-notes"]');
    await panel.fill('[data-testid="search"]', query);
    await panel.waitFor((expected) => document.querySelector(`[data-entity-id="${expected}"]`) !== null, id);
    await panel.close();
  });

  it('the popup turns marking off and on for the site', async () => {
    const page = await session.browser.newPage(session.server.url('/fixtures/basic.html'));
    await waitForMarks(page, 3);
    const tabId = await tabOf(session.browser, page);
    expect(tabId).toBeGreaterThan(0);

    const popup = await session.browser.openExtensionPage(`popup.html?tab=${tabId}`);
    await popup.waitFor(() => document.querySelector('[data-testid="site"]')?.textContent === '127.0.0.1');
    await popup.waitFor(
      () => (document.querySelector('[data-testid="site-toggle"]') as HTMLInputElement)?.checked,
    );
    await popup.click('[data-testid="site-toggle"]');
    await waitForMarkCount(page, 'eq', 0);

    await popup.click('[data-testid="site-toggle"]');
    const marks = await waitForMarks(page, 3);
    expect(marks.length).toBeGreaterThanOrEqual(3);
    expect((await readMarks(page)).some((m) => m.text === 'Azerbaijan')).toBe(true);
    await popup.close();
    await page.close();
  });

  it('the popup shows counts by type and its options change the marks', async () => {
    const page = await session.browser.newPage(session.server.url('/seed'));
    await waitForMarks(page, SEED_MENTIONS.length);
    const all = await markCount(page);
    const popup = await session.browser.openExtensionPage(
      `popup.html?tab=${await tabOf(session.browser, page)}`,
    );
    await popup.waitFor(
      () => Number(document.querySelector('[data-testid="count-state"]')?.textContent) > 30,
    );

    // First mention only: one mark per entity, so fewer marks and a single "Azerbaijan".
    await popup.click('[data-testid="first-mention"]');
    // Marking starts over from nothing: wait for it to come back with fewer marks, not for the empty page.
    await waitForMarkCount(page, 'lt', all);
    await waitForMarkCount(page, 'gt', 0);
    expect((await readMarks(page)).filter((m) => m.text.startsWith('Azerbaijan')).length).toBe(1);
    await popup.click('[data-testid="first-mention"]');
    await waitForMarkCount(page, 'eq', all);

    // Hide states: none of that highlight remains, the others do.
    await popup.click('[data-testid="type-state"]');
    await waitForMarkCount(page, 'eq', 0, 'caucasus-lens-state');
    // The page is marked again from scratch: wait for the other types to come back.
    await waitForMarkCount(page, 'gt', 0, 'caucasus-lens-place');
    expect(await markCount(page, 'caucasus-lens-state')).toBe(0);
    await popup.click('[data-testid="type-state"]');
    await waitForMarkCount(page, 'gt', 0, 'caucasus-lens-state');

    // Pause everywhere, then resume.
    await popup.click('[data-testid="pause"]');
    await waitForMarkCount(page, 'eq', 0);
    await popup.click('[data-testid="pause"]');
    await waitForMarks(page, all);
    await popup.close();
    await page.close();
  });
});
