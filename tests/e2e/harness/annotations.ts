/** Reads what the content script marked, from the page (the highlight registry is the page's own). */
import type { TestPage } from './browsers.ts';

export interface Marked {
  text: string;
  highlight: string;
}

/** Every marked range on the page, as text, with the name of its highlight. */
export function readMarks(page: TestPage): Promise<Marked[]> {
  return page.evaluate(() => {
    const out: { text: string; highlight: string }[] = [];
    // forEach, not for...of: Firefox cannot iterate the content script's highlights from the page.
    CSS.highlights.forEach((highlight, name) => {
      if (!name.startsWith('caucasus-lens-')) return;
      highlight.forEach((range) => {
        out.push({ text: (range as Range).toString(), highlight: name });
      });
    });
    return out;
  });
}

export function markCount(page: TestPage): Promise<number> {
  return page.evaluate(() => {
    let n = 0;
    CSS.highlights.forEach((highlight, name) => {
      if (name.startsWith('caucasus-lens-')) n += highlight.size;
    });
    return n;
  });
}

/** Waits until at least `min` marks exist. */
export async function waitForMarks(page: TestPage, min = 1, timeoutMs = 15_000): Promise<Marked[]> {
  await page.waitFor(
    (m) => {
      let n = 0;
      CSS.highlights.forEach((highlight, name) => {
        if (name.startsWith('caucasus-lens-')) n += highlight.size;
      });
      return n >= m;
    },
    min,
    timeoutMs,
  );
  return readMarks(page);
}
