/**
 * Runs in every page: asks the background whether this site is on and for the compiled recognizer,
 * reads the page's text block by block (inline elements joined, so `Southern <b>Gas</b> Corridor` is
 * one name), and marks what the recognizer finds with one highlight per entity type. Work is cut into
 * slices so the page never waits on us; everything is torn down through the AbortSignal.
 */
import { browser } from 'wxt/browser';
import type { EntityType } from '../kb/schema.ts';
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

/** What the reader's settings ask of this page. */
interface PageOptions {
  hiddenTypes: readonly EntityType[];
  firstMentionOnly: boolean;
}

export async function startAnnotator(signal: AbortSignal): Promise<void> {
  if (!supportsHighlights()) return; // the wrapping fallback arrives with the in-page issue
  const highlighter = new Highlighter();
  let counts: Partial<Record<EntityType, number>> = {};
  let recognizer: Recognizer | undefined;
  let run = 0;

  async function refresh(): Promise<void> {
    const myRun = ++run;
    const stale = () => signal.aborted || myRun !== run;
    highlighter.clear();
    counts = {};
    const status = await send('site:status', { host: location.hostname || 'local' });
    if (!status.ok || !status.value.enabled || stale()) return;
    if (!recognizer) {
      const compiled = await send('kb:recognizer', {});
      if (!compiled.ok) return console.warn('[caucasus-lens]', compiled.error);
      recognizer = loadRecognizer(compiled.value.recognizer);
    }
    counts = await annotate(recognizer, highlighter, status.value, stale);
  }

  listenToExtension({ marks: () => highlighter.count(), counts: () => counts }, signal);

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

async function annotate(
  rec: Recognizer,
  highlighter: Highlighter,
  options: PageOptions,
  stale: () => boolean,
): Promise<Partial<Record<EntityType, number>>> {
  const counts: Partial<Record<EntityType, number>> = {};
  const blocks = collectBlocks(document.body);
  // Pass 1: which regional entities the page names, so an ambiguous name in one block (Georgia) is
  // judged by the whole page, not only its paragraph.
  const page = new Set<number>();
  const ok = await sliced(blocks, stale, (block) => {
    for (const e of regionalEvidence(rec, scan(rec, block.text).spans)) page.add(e);
  });
  if (!ok) return counts;
  // Pass 2: count every mention; mark those the settings ask for, in document order.
  const hidden = new Set(options.hiddenTypes);
  const seen = new Set<string>();
  await sliced(blocks, stale, (block) => {
    for (const m of recognize(rec, block.text, { pageRegional: page })) {
      counts[m.entityType] = (counts[m.entityType] ?? 0) + 1;
      if (hidden.has(m.entityType)) continue;
      if (options.firstMentionOnly && seen.has(m.entityId)) continue;
      seen.add(m.entityId);
      const range = rangeOf(block, m.start, m.end);
      if (range) highlighter.add(m.entityType, range);
    }
  });
  return counts;
}

function rangeOf(block: TextBlock, start: number, end: number): Range | null {
  const from = locate(block, start);
  const to = locate(block, end - 1);
  if (!from || !to) return null;
  const range = document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset + 1);
  return range;
}
