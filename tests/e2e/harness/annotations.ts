/**
 * Reads what the content script marked, from the page (the highlight registry is the page's own).
 * `caucasus-lens-current` outlines the mention reached by keyboard: not a mark of its own.
 */
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
      if (!name.startsWith('caucasus-lens-') || name === 'caucasus-lens-current') return;
      highlight.forEach((range) => {
        out.push({ text: (range as Range).toString(), highlight: name });
      });
    });
    return out;
  });
}

/** Number of our marks, or of one highlight's. */
export function markCount(page: TestPage, highlight?: string): Promise<number> {
  return page.evaluate((only) => {
    let n = 0;
    CSS.highlights.forEach((h, name) => {
      if (only ? name === only : name.startsWith('caucasus-lens-') && name !== 'caucasus-lens-current')
        n += h.size;
    });
    return n;
  }, highlight);
}

/** Waits until at least `min` marks exist. */
export async function waitForMarks(page: TestPage, min = 1, timeoutMs = 15_000): Promise<Marked[]> {
  await page.waitFor(
    (m) => {
      let n = 0;
      CSS.highlights.forEach((highlight, name) => {
        if (name.startsWith('caucasus-lens-') && name !== 'caucasus-lens-current') n += highlight.size;
      });
      return n >= m;
    },
    min,
    timeoutMs,
  );
  return readMarks(page);
}

/** Waits until the number of our marks (or of one highlight) compares to `n` as asked. */
export async function waitForMarkCount(
  page: TestPage,
  compare: 'eq' | 'lt' | 'gt',
  n: number,
  highlight?: string,
  timeoutMs = 15_000,
): Promise<void> {
  await page.waitFor(
    (a) => {
      let count = 0;
      CSS.highlights.forEach((h, key) => {
        if (
          a.highlight
            ? key === a.highlight
            : key.startsWith('caucasus-lens-') && key !== 'caucasus-lens-current'
        )
          count += h.size;
      });
      return a.compare === 'eq' ? count === a.n : a.compare === 'lt' ? count < a.n : count > a.n;
    },
    { compare, n, highlight },
    timeoutMs,
  );
}

/** Waits until a mark with exactly this text exists (forEach: Firefox cannot iterate our registry). */
export async function waitForMarkText(page: TestPage, text: string, timeoutMs = 15_000): Promise<void> {
  await page.waitFor(
    (t) => {
      let found = false;
      CSS.highlights.forEach((h) => {
        h.forEach((r) => {
          if ((r as Range).toString() === t) found = true;
        });
      });
      return found;
    },
    text,
    timeoutMs,
  );
}

/** The text of every passage shown with the reader's note highlight. */
export function noteTexts(page: TestPage): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    CSS.highlights.get('caucasus-lens-note')?.forEach((r) => {
      out.push((r as Range).toString());
    });
    return out;
  });
}
