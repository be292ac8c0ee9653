/** Pages that change after load: appended paragraphs and a history-API navigation get marked. */
import { describe, expect, it } from 'vitest';
import { readMarks, waitForMarks, waitForMarkText } from './harness/annotations.ts';
import { BROWSERS } from './harness/browsers.ts';
import { useSession } from './harness/session.ts';

describe.each(BROWSERS)('dynamic pages in %s', (name) => {
  const session = useSession(name);

  it('marks appended content, then the new article after pushState', async () => {
    const page = await session.browser.newPage(session.server.url('/fixtures/dynamic.html'));
    await waitForMarks(page, 1);
    await page.evaluate(() =>
      (window as unknown as { appendBatch: (n: number, s: string) => void }).appendBatch(20, 'Tbilisi'),
    );
    await waitForMarkText(page, 'Tbilisi');
    await page.evaluate(() => (window as unknown as { navigateInPlace: () => void }).navigateInPlace());
    // The new article is marked, across the inline elements that split "Southern Gas Corridor".
    await waitForMarkText(page, 'Yerevan');
    await waitForMarkText(page, 'Southern Gas Corridor');
    const texts = (await readMarks(page)).map((m) => m.text);
    expect(texts).not.toContain('Baku'); // the old article left the page, and its mark with it
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
