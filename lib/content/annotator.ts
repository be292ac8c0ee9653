/**
 * Runs in every page: asks the background whether this site is on and for the compiled recognizer,
 * reads the page's text block by block (inline elements joined, so `Southern <b>Gas</b> Corridor` is
 * one name), and marks what the recognizer finds with one highlight per entity type. Work is cut into
 * slices so the page never waits on us; everything is torn down through the AbortSignal.
 */
import { browser } from 'wxt/browser';
import { send } from '../messaging.ts';
import { loadRecognizer, type Recognizer, recognize, regionalEvidence, scan } from '../recognizer/index.ts';
import { collectBlocks, locate, type TextBlock } from '../text/blocks.ts';
import { Highlighter, supportsHighlights } from './highlights.ts';
import { listenToExtension } from './page-listener.ts';

/** Longest stretch of our work before yielding to the page. */
const SLICE_MS = 8;

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Calls `work` on each item, yielding to the page every SLICE_MS; false if it went stale. */
async function sliced<T>(
  items: readonly T[],
  stale: () => boolean,
  work: (item: T) => void,
): Promise<boolean> {
  let sliceStart = performance.now();
  for (const item of items) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToPage();
      if (stale()) return false;
      sliceStart = performance.now();
    }
    work(item);
  }
  return true;
}

export async function startAnnotator(signal: AbortSignal): Promise<void> {
  if (!supportsHighlights()) return; // the wrapping fallback arrives with the in-page issue
  const highlighter = new Highlighter();
  let recognizer: Recognizer | undefined;
  let run = 0;

  async function refresh(): Promise<void> {
    const myRun = ++run;
    const stale = () => signal.aborted || myRun !== run;
    highlighter.clear();
    const status = await send('site:status', { host: location.hostname || 'local' });
    if (!status.ok || !status.value.enabled || stale()) return;
    if (!recognizer) {
      const compiled = await send('kb:recognizer', {});
      if (!compiled.ok) return console.warn('[caucasus-lens]', compiled.error);
      recognizer = loadRecognizer(compiled.value.recognizer);
    }
    await annotate(recognizer, highlighter, stale);
  }

  listenToExtension({ marks: () => highlighter.count() }, signal);

  const onStorage = (changes: Record<string, unknown>, area: string) => {
    if (area === 'sync' && 'settings' in changes) void refresh();
  };
  browser.storage.onChanged.addListener(onStorage);
  signal.addEventListener('abort', () => {
    browser.storage.onChanged.removeListener(onStorage);
    highlighter.clear();
  });
  await refresh();
}

async function annotate(rec: Recognizer, highlighter: Highlighter, stale: () => boolean): Promise<void> {
  const blocks = collectBlocks(document.body);
  // Pass 1: which regional entities the page names, so an ambiguous name in one block (Georgia) is
  // judged by the whole page, not only its paragraph.
  const page = new Set<number>();
  const ok = await sliced(blocks, stale, (block) => {
    for (const e of regionalEvidence(rec, scan(rec, block.text).spans)) page.add(e);
  });
  if (!ok) return;
  // Pass 2: mark.
  await sliced(blocks, stale, (block) => mark(rec, block, page, highlighter));
}

function mark(rec: Recognizer, block: TextBlock, page: ReadonlySet<number>, highlighter: Highlighter): void {
  for (const m of recognize(rec, block.text, { pageRegional: page })) {
    const from = locate(block, m.start);
    const to = locate(block, m.end - 1);
    if (!from || !to) continue;
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset + 1);
    highlighter.add(m.entityType, range);
  }
}
