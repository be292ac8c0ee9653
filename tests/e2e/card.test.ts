/**
 * The hover card: opened by hovering (intent delay) or by keyboard stepping; Escape closes it and
 * gives focus back; its content and actions; page CSS aimed at everything does not break it.
 */
import { describe, expect, it } from 'vitest';
import { markCount, readMarks, waitForMarkCount, waitForMarks } from './harness/annotations.ts';
import { BROWSERS, type TestPage } from './harness/browsers.ts';
import { useSession } from './harness/session.ts';
import { messengerFor } from './harness/tabs.ts';

/** Centre of the first mark of a highlight, in viewport coordinates. */
function firstMarkBox(page: TestPage, highlight: string) {
  return page.evaluate((name) => {
    let rect: DOMRect | null = null;
    CSS.highlights.get(name)?.forEach((r) => {
      rect ??= (r as Range).getBoundingClientRect();
    });
    const box = rect as DOMRect | null;
    return box ? { x: box.left + box.width / 2, y: box.top + box.height / 2, bottom: box.bottom } : null;
  }, highlight);
}

const cardHostAt = (p: { x: number; y: number }) =>
  document.elementFromPoint(p.x, p.y)?.tagName.toLowerCase() === 'caucasus-lens-card';
const cardHasFocus = () => document.activeElement?.tagName.toLowerCase() === 'caucasus-lens-card';

/** The text of the mention the keyboard reached (the page can read the highlight registry). */
const currentText = (page: TestPage) =>
  page.evaluate(() => {
    let text = '';
    CSS.highlights.get('caucasus-lens-current')?.forEach((r) => {
      text = (r as Range).toString();
    });
    return text;
  });

describe.each(BROWSERS)('hover card in %s', (name) => {
  const session = useSession(name);

  it('opens over a mention after the dwell and closes on Escape; the page sees only a closed host', async () => {
    const page = await session.browser.newPage(session.server.url('/seed'));
    await waitForMarks(page, 10);
    const target = await firstMarkBox(page, 'caucasus-lens-state');
    expect(target).not.toBeNull();
    if (!target) return;
    // Arrive slowly, as a reader does, and dwell.
    await page.mouseMove(target.x - 30, target.y);
    await page.mouseMove(target.x - 10, target.y);
    await page.mouseMove(target.x, target.y);
    const cardAt = { x: target.x, y: target.bottom + 30 };
    await page.waitFor(cardHostAt, cardAt, 5000);
    if (page.cardElements) {
      // The right card: the first state named on the page is Azerbaijan.
      expect((await page.cardElements('.name'))[0]?.text).toBe('Azerbaijan');
    }
    // The page gets the host element and nothing inside it.
    expect(
      await page.evaluate(() => document.querySelector('caucasus-lens-card')?.shadowRoot ?? null),
    ).toBeNull();
    await page.press('Escape');
    await page.waitFor(
      (p) => !(document.elementFromPoint(p.x, p.y)?.tagName.toLowerCase() === 'caucasus-lens-card'),
      cardAt,
      5000,
    );
    await page.close();
  });

  it('keyboard stepping reaches every mention in order, opens its card with focus; Escape and Enter', async () => {
    const page = await session.browser.newPage(session.server.url('/seed'));
    await waitForMarks(page, 60);
    const total = await markCount(page);
    const tab = await messengerFor(session.browser, page);
    const positions: number[] = [];
    const texts = new Set<string>();
    for (let i = 0; i < total; i++) {
      const answer = (await tab.send({ type: 'page:step', payload: { direction: 'next' } })) as {
        ok: boolean;
        value: { position: number; total: number; entityId: string };
      };
      expect(answer.ok).toBe(true);
      positions.push(answer.value.position);
      texts.add(await currentText(page));
    }
    // Every mark once, in reading order, starting from the first on screen (the top of the page).
    expect(positions).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const marked = new Set((await readMarks(page)).map((m) => m.text));
    expect(texts).toEqual(marked);
    await page.waitFor(cardHasFocus, undefined, 5000);
    // Escape closes and gives focus back; Enter opens the card again on the same mention.
    await page.press('Escape');
    await page.waitFor(
      () => document.activeElement?.tagName.toLowerCase() !== 'caucasus-lens-card',
      undefined,
      5000,
    );
    await page.press('Enter');
    await page.waitFor(cardHasFocus, undefined, 5000);
    // Stepping wraps around at both ends.
    const wrapped = (await tab.send({ type: 'page:step', payload: { direction: 'next' } })) as {
      value: { position: number };
    };
    expect(wrapped.value.position).toBe(1);
    const back = (await tab.send({ type: 'page:step', payload: { direction: 'previous' } })) as {
      value: { position: number };
    };
    expect(back.value.position).toBe(total);
    await tab.close();
    await page.close();
  });

  it('survives page CSS aimed at everything, and a page with pointer-events off', async () => {
    const page = await session.browser.newPage(session.server.url('/fixtures/hostile-css.html'));
    await waitForMarks(page, 5);
    const tab = await messengerFor(session.browser, page);
    await tab.send({ type: 'page:step', payload: { direction: 'next', entityId: 'azerbaijan' } });
    await page.waitFor(cardHasFocus, undefined, 5000);
    if (page.cardElements) {
      const [card] = await page.cardElements('.card');
      expect(card?.text).toContain('Azerbaijan');
      const box = await page.cardElements('.actions button');
      expect(box.length).toBe(4);
    }
    // The hover path too: pointing at a mention still opens the card.
    await page.press('Escape');
    const target = await firstMarkBox(page, 'caucasus-lens-corridor');
    expect(target).not.toBeNull();
    if (target) {
      await page.mouseMove(target.x - 20, target.y);
      await page.mouseMove(target.x, target.y);
      await page.waitFor(cardHostAt, { x: target.x, y: target.bottom + 30 }, 5000);
    }
    await tab.close();
    await page.close();
  });
});

/** Another site name for the same server (the browser maps it to 127.0.0.1). */
const OTHER_HOST = 'second-site.test';

describe('hover card content and actions in chromium', () => {
  const session = useSession('chromium');

  async function openCardOn(page: TestPage, entityId: string) {
    const tab = await messengerFor(session.browser, page);
    await tab.send({ type: 'page:step', payload: { direction: 'next', entityId } });
    await tab.close();
    await page.waitFor(cardHasFocus, undefined, 5000);
    const card = page.cardElements;
    if (!card) throw new Error('needs CDP');
    return card;
  }

  it('shows name, type, summary, naming note, facts, relation chips, sources and four actions', async () => {
    const page = await session.browser.newPage(session.server.url('/seed'));
    await waitForMarks(page, 60);
    const card = await openCardOn(page, 'second-karabakh-war');
    expect((await card('.name'))[0]?.text).toMatch(/^Second (Nagorno-)?Karabakh War$/);
    expect((await card('.type'))[0]?.text).toMatch(/^Event/);
    expect((await card('.summary'))[0]?.text.length).toBeGreaterThan(80);
    expect((await card('.naming'))[0]?.text).toMatch(/Patriotic War|44-Day War/);
    expect((await card('.chips button')).length).toBeGreaterThan(1);
    expect((await card('footer a')).length).toBeGreaterThan(0);
    expect((await card('footer'))[0]?.text).toMatch(/As of \d{4}-\d{2}-\d{2}/);
    expect((await card('.actions button')).map((b) => b.text)).toEqual([
      'Add note',
      'Open in side panel',
      'Mute',
      'Not this entity here',
    ]);
    await page.close();
  });

  it('names the entity in the page language, with the English name beside it', async () => {
    const page = await session.browser.newPage(session.server.url('/fixtures/russian.html'));
    await waitForMarks(page, 3);
    const card = await openCardOn(page, 'azerbaijan');
    expect((await card('.name'))[0]?.text).toBe('Азербайджан');
    expect((await card('.english'))[0]?.text).toBe('Azerbaijan');
    await page.close();
  });

  it('Mute removes the entity everywhere and Undo brings it back; Not this entity here is per site', async () => {
    const page = await session.browser.newPage(session.server.url('/seed'));
    await waitForMarks(page, 60);
    const before = await markCount(page);
    const russia = (await readMarks(page)).filter((m) => /^Russia/.test(m.text)).length;
    expect(russia).toBeGreaterThan(0);
    const card = await openCardOn(page, 'russia');
    const mute = (await card('[data-action="mute"]'))[0];
    if (!mute) throw new Error('no Mute button');
    await page.mouseClick(mute.x, mute.y);
    await waitForMarkCount(page, 'eq', before - russia);
    expect((await readMarks(page)).some((m) => /^Russia/.test(m.text))).toBe(false);
    const undo = (await card('[data-action="undo"]'))[0];
    if (!undo) throw new Error('no Undo button');
    await page.mouseClick(undo.x, undo.y);
    await waitForMarkCount(page, 'eq', before);

    const iran = (await readMarks(page)).filter((m) => /^(Iran|Tehran)/.test(m.text)).length;
    const card2 = await openCardOn(page, 'iran');
    const notHere = (await card2('[data-action="not-here"]'))[0];
    if (!notHere) throw new Error('no Not this entity here button');
    await page.mouseClick(notHere.x, notHere.y);
    await waitForMarkCount(page, 'lt', before);
    const settings = (await session.browser.sendFromExtension({ type: 'settings:get', payload: {} })) as {
      value: { settings: { notHere: string[]; mutedEntities: string[] } };
    };
    expect(settings.value.settings.notHere).toEqual([`${new URL(page.url()).hostname} iran`]);
    expect(settings.value.settings.mutedEntities).toEqual([]);
    expect(iran).toBeGreaterThan(0);
    // Another site still marks Iran.
    const other = await session.browser.newPage(session.server.url('/seed').replace('127.0.0.1', OTHER_HOST));
    await waitForMarks(other, 60);
    expect((await readMarks(other)).some((m) => m.text.startsWith('Iran'))).toBe(true);
    await other.close();
    const undo2 = (await card2('[data-action="undo"]'))[0];
    if (!undo2) throw new Error('no Undo button');
    await page.mouseClick(undo2.x, undo2.y);
    await waitForMarkCount(page, 'eq', before);
    await page.close();
  });

  it('shows how many notes the reader has, but not the text of notes written on other pages', async () => {
    const added = (await session.browser.sendFromExtension({
      type: 'notes:add-entity',
      payload: { entityId: 'iran', body: 'Private note written in the side panel' },
    })) as { ok: boolean };
    expect(added.ok).toBe(true);
    const page = await session.browser.newPage(session.server.url('/seed').replace('127.0.0.1', OTHER_HOST));
    await waitForMarks(page, 60);
    const card = await openCardOn(page, 'iran');
    const notes = (await card('.notes'))[0];
    expect(notes?.text).toMatch(/1 elsewhere/);
    expect(notes?.text).not.toContain('Private note');
    // Add note asks the background to open the panel, composing on this entity.
    const add = (await card('[data-action="add-note"]'))[0];
    if (!add) throw new Error('no Add note button');
    await page.mouseClick(add.x, add.y);
    const ext = await session.browser.openExtensionPage('popup.html');
    await ext.waitFor(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: Chromium's chrome global.
      const stored = await (globalThis as any).chrome.storage.session.get('panel-request');
      return stored['panel-request']?.entityId === 'iran' && stored['panel-request']?.compose === true;
    });
    await ext.close();
    // The panel follows the request: Iran in full, the composer ready; a saved note is listed there.
    const panel = await session.browser.openExtensionPage('sidepanel.html');
    await panel.waitFor(
      () => document.querySelector('[data-entity-id="iran"] [data-testid="composer"]') !== null,
    );
    expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('composer');
    await panel.fill('[data-testid="composer"]', 'Tehran watches the #TRIPP route closely');
    await panel.click('[data-testid="save-note"]');
    await panel.waitFor(() => document.querySelectorAll('[data-testid="entity-notes"] li.note').length === 2);
    // Following a relation chip opens that entity.
    await panel.click('.entity .chip');
    await panel.waitFor(() => document.querySelector('.entity')?.getAttribute('data-entity-id') !== 'iran');
    await panel.close();
    await page.close();
  });
});
