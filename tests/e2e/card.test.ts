/** The hover card: pointing at a mention opens it after the intent delay; Escape closes it. */
import { describe, expect, it } from 'vitest';
import { waitForMarks } from './harness/annotations.ts';
import { BROWSERS } from './harness/browsers.ts';
import { useSession } from './harness/session.ts';

describe.each(BROWSERS)('hover card in %s', (name) => {
  const session = useSession(name);

  it('opens over a mention after the dwell and closes on Escape; the page sees only a closed host', async () => {
    const page = await session.browser.newPage(session.server.url('/seed'));
    await waitForMarks(page, 10);
    const target = await page.evaluate(() => {
      let rect: DOMRect | null = null;
      CSS.highlights.get('caucasus-lens-state')?.forEach((r) => {
        rect ??= (r as Range).getBoundingClientRect();
      });
      const box = rect as DOMRect | null;
      return box ? { x: box.left + box.width / 2, y: box.top + box.height / 2, bottom: box.bottom } : null;
    });
    expect(target).not.toBeNull();
    if (!target) return;
    // Arrive slowly, as a reader does, and dwell.
    await page.mouseMove(target.x - 30, target.y);
    await page.mouseMove(target.x - 10, target.y);
    await page.mouseMove(target.x, target.y);
    const cardAt = { x: target.x, y: target.bottom + 30 };
    await page.waitFor(
      (p) => document.elementFromPoint(p.x, p.y)?.tagName.toLowerCase() === 'caucasus-lens-card',
      cardAt,
      5000,
    );
    // The page gets the host element and nothing inside it.
    expect(
      await page.evaluate(() => document.querySelector('caucasus-lens-card')?.shadowRoot ?? null),
    ).toBeNull();
    await page.evaluate(() =>
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })),
    );
    await page.waitFor(
      (p) => document.elementFromPoint(p.x, p.y)?.tagName.toLowerCase() !== 'caucasus-lens-card',
      cardAt,
      5000,
    );
    await page.close();
  });
});
