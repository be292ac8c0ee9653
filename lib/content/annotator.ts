/**
 * Runs in every page: asks the background whether this site is on and which names to look for, then
 * marks them in time slices so the page never waits on us. Torn down through the AbortSignal.
 */
import { browser } from 'wxt/browser';
import { send } from '../messaging.ts';
import { Highlighter, supportsHighlights } from './highlights.ts';
import { createNameMatcher, type Matcher } from './name-matcher.ts';
import { listenToExtension } from './page-listener.ts';
import { collectTextNodes } from './text-walker.ts';

/** Longest stretch of our work before yielding to the page. */
const SLICE_MS = 8;

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function startAnnotator(signal: AbortSignal): Promise<void> {
  if (!supportsHighlights()) return; // the wrapping fallback arrives with the in-page issue
  const highlighter = new Highlighter();
  let matcher: Matcher | undefined;
  let run = 0;

  async function refresh(): Promise<void> {
    const myRun = ++run;
    highlighter.clear();
    const status = await send('site:status', { host: location.hostname || 'local' });
    if (!status.ok || !status.value.enabled || signal.aborted || myRun !== run) return;
    if (!matcher) {
      const names = await send('kb:names', {});
      if (!names.ok) return console.warn('[caucasus-lens]', names.error);
      matcher = createNameMatcher(names.value.names);
    }
    await annotate(document.body, matcher, highlighter, () => signal.aborted || myRun !== run);
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

async function annotate(
  root: Node,
  match: Matcher,
  highlighter: Highlighter,
  stale: () => boolean,
): Promise<void> {
  const nodes = collectTextNodes(root);
  let sliceStart = performance.now();
  for (const node of nodes) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToPage();
      if (stale()) return;
      sliceStart = performance.now();
    }
    for (const m of match(node.data)) {
      const range = document.createRange();
      range.setStart(node, m.start);
      range.setEnd(node, m.end);
      highlighter.add(m.type, range);
    }
  }
}
