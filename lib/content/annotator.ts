/**
 * Runs in every page: asks the background whether this site is on, reads the page's text block by
 * block (inline elements joined, so `Southern <b>Gas</b> Corridor` is one name), has the background
 * recognize it, and marks the mentions with one highlight per entity type. The recognizer itself never
 * loads into the page: its 900 KB would cost every page a long task to parse and set up, while the
 * background does it once per wake-up and answers in a few milliseconds off the page's main thread.
 * Our work on the page is cut into slices so the page never waits on us; everything is torn down
 * through the AbortSignal.
 */
import { nativeRuntime, nativeStorage } from '../extension-runtime.ts';
import { type EntityType, LANGS, type Lang } from '../kb/schema.ts';
import { send } from '../messaging.ts';
import type { BlockMention } from '../recognizer/page-blocks.ts';
import { changedRoots, locate, type TextBlock, walkBlocks } from '../text/blocks.ts';
import { CardHost } from './card.ts';
import { Highlighter } from './highlights.ts';
import { type CardController, startHover } from './hover.ts';
import { MarkIndex } from './mark-index.ts';
import { listenToExtension } from './page-listener.ts';
import { Passages } from './passages.ts';
import { startSelectionButton } from './selection-button.ts';
import { startStepper } from './stepper.ts';
import { BATCH_CHARS, batchesOf, type Piece } from './text-batches.ts';
import { WorkMeter } from './work-meter.ts';

/** Longest stretch of our work before yielding to the page. */
const SLICE_MS = 8;
/** Mutations are gathered this long before marking them (a page often changes in bursts). */
const MUTATION_DEBOUNCE_MS = 150;
/** Past this many changed blocks in one batch, marking the whole page again is simpler and as fast. */
const MAX_INCREMENTAL_ROOTS = 400;

/** Frames with less text than this are left alone. */
const MIN_FRAME_TEXT = 200;

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Calls `work` on each item, yielding to the page every SLICE_MS; false if it went stale. */
async function sliced<T>(
  items: Iterable<T>,
  meter: WorkMeter,
  stale: () => boolean,
  work: (item: T) => void,
): Promise<boolean> {
  let sliceStart = performance.now();
  // Pulling the next item is work too (a lazy walk of the DOM): it counts toward the slice.
  for (const item of items) {
    if (performance.now() - sliceStart > SLICE_MS) {
      meter.record(performance.now() - sliceStart);
      await yieldToPage();
      if (stale()) return false;
      sliceStart = performance.now();
    }
    work(item);
  }
  meter.record(performance.now() - sliceStart);
  return true;
}

/** What the reader's settings ask of this page. */
interface PageOptions {
  hiddenTypes: readonly EntityType[];
  firstMentionOnly: boolean;
  /** Entities muted, or dismissed as false marks on this site. */
  suppressed: readonly string[];
}

/** The page's language, when the knowledge base names entities in it. */
function pageLang(): Lang {
  const lang = document.documentElement.lang.toLowerCase().split('-')[0] ?? '';
  return (LANGS as readonly string[]).includes(lang) ? (lang as Lang) : 'en';
}

export async function startAnnotator(outer: AbortSignal): Promise<void> {
  // An extension update or reload leaves this copy orphaned in open tabs (Chrome): it stops, and
  // clears its marks, as soon as it finds the extension gone.
  const controller = new AbortController();
  const { signal } = controller;
  outer.addEventListener('abort', () => controller.abort());
  const orphaned = () => {
    if (!nativeRuntime()?.id) controller.abort();
    return signal.aborted;
  };
  // Every browser the manifests admit (Chrome 120+, Firefox 142+) has the Highlight API; a wrapping
  // fallback could never run there, so there is none (see docs/architecture.md), and no check either:
  // the first touch of CSS.highlights costs, and a page without mentions never pays it.
  const meter = new WorkMeter();
  const highlighter = new Highlighter();
  const index = new MarkIndex();
  let cards: CardController | undefined;
  const card = new CardHost({
    openInPanel: (entityId) => void send('panel:open', { entityId }),
    addNote: (entityId) => void send('panel:open', { entityId, compose: true }),
    mute: (entityId, muted) => void send('entity:mute', { entityId, muted }),
    notHere: (entityId, dismissed) => void send('entity:not-here', { entityId, dismissed }),
    openNotes: () => void send('panel:open', {}),
    close: () => cards?.close(),
  });
  const passages = new Passages(index);
  cards = startHover(index, card, pageLang, (id) => passages.note(id), signal);
  startSelectionButton(card, passages, signal);
  const step = startStepper(index, cards, signal);
  let run = 0;

  let state: PassState = { page: new Set(), counts: new Map(), seen: new Set() };
  let options: PageOptions = { hiddenTypes: [], firstMentionOnly: false, suppressed: [] };
  let marking = false;

  async function refresh(): Promise<void> {
    const myRun = ++run;
    const stale = () => signal.aborted || myRun !== run;
    highlighter.clear();
    index.removeWhere((mark) => mark.noteId === undefined);
    state = { page: new Set(), counts: new Map(), seen: new Set() };
    marking = false;
    // A frame with next to no text (ads, widgets, embeds) is not worth the recognizer's transfer.
    if (window !== window.top && (document.body?.textContent?.length ?? 0) < MIN_FRAME_TEXT) return;
    const status = await send('site:status', { host: location.hostname || 'local' });
    if (!status.ok) orphaned();
    if (!status.ok || !status.value.enabled || stale()) return;
    options = status.value;
    marking = true;
    await annotate(highlighter, index, options, [document.body], state, meter, stale);
    if (stale()) return;
    meter.doneAt ||= performance.now();
    passages.pageChanged();
    await passages.refresh();
  }

  // Dynamic pages: mark what was added or changed, a batch at a time; start over past a threshold or
  // when the page navigated in place (history API).
  let pending = new Set<Node>();
  let removals = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastUrl = location.href;
  const flush = () => {
    timer = undefined;
    const roots = [...pending].filter((node) => node.isConnected);
    pending = new Set();
    const removed = removals;
    removals = false;
    if (!marking || orphaned()) return;
    passages.pageChanged();
    if (location.href !== lastUrl || roots.length > MAX_INCREMENTAL_ROOTS) {
      lastUrl = location.href;
      void refresh();
      return;
    }
    // Only the outermost roots: a block inside another pending block is marked with it.
    const pendingRoots = new Set(roots);
    const outer = roots.filter((root) => {
      for (let up = root.parentNode; up; up = up.parentNode) if (pendingRoots.has(up)) return false;
      return true;
    });
    // Marks inside what is read again go, and those whose text left the page.
    if (outer.length || removed) {
      const stale = (node: Node) => !node.isConnected || outer.some((root) => root.contains(node));
      // A range whose text was removed has moved to the parent it was removed from: it no longer
      // starts in a text node (every mark is made on text nodes).
      const gone = (range: Range) =>
        range.startContainer.nodeType !== Node.TEXT_NODE || stale(range.startContainer);
      highlighter.removeWhere(gone);
      index.removeWhere((mark) => mark.noteId === undefined && gone(mark.range));
      for (const node of state.counts.keys()) if (stale(node)) state.counts.delete(node);
    }
    if (!outer.length) return;
    const myRun = run;
    void annotate(highlighter, index, options, outer, state, meter, () => signal.aborted || myRun !== run);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const root of changedRoots(record)) pending.add(root);
      if (record.removedNodes.length) removals = true;
    }
    timer ??= setTimeout(flush, MUTATION_DEBOUNCE_MS);
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    if (timer) clearTimeout(timer);
  });

  listenToExtension(
    {
      marks: () => highlighter.count(),
      counts: () => countByType(state.counts),
      step,
      summary: () => ({
        url: location.href,
        canonical: canonicalLink(),
        title: document.title,
        entities: entityCounts(state.counts),
        anchored: passages.anchored,
        orphaned: passages.orphaned,
      }),
      selection: () => {
        const selection = getSelection();
        if (!selection?.rangeCount || selection.isCollapsed) return null;
        const target = passages.describe(selection.getRangeAt(0));
        return target ? { target, title: document.title, canonical: canonicalLink() } : null;
      },
      notesChanged: () => passages.refresh(),
      stats: () => ({
        startedAt: meter.startedAt,
        doneAt: meter.doneAt,
        busyMs: meter.busyMs,
        longestTaskMs: meter.longestMs,
        waitMs: meter.waitMs,
        marks: highlighter.count(),
        hoverMs: cards.latencies,
      }),
    },
    signal,
  );

  const onStorage = (changes: Record<string, unknown>, area: string) => {
    if (area === 'sync' && 'settings' in changes) void refresh();
  };
  nativeStorage().onChanged.addListener(onStorage);
  signal.addEventListener('abort', () => {
    nativeStorage().onChanged.removeListener(onStorage);
    highlighter.clear();
  });
  await refresh();
}

/** What one annotation pass shares with the next: page evidence, counts, entities already marked. */
interface PassState {
  /** Regional entities the page names: evidence for its ambiguous names. */
  page: Set<string>;
  /** Every mention (marked or not), by the first text node of its block. */
  counts: Map<Node, Mention[]>;
  seen: Set<string>;
}

interface Mention {
  id: string;
  type: EntityType;
}

function countByType(counts: Map<Node, Mention[]>): Partial<Record<EntityType, number>> {
  const total: Partial<Record<EntityType, number>> = {};
  for (const mentions of counts.values())
    for (const { type } of mentions) total[type] = (total[type] ?? 0) + 1;
  return total;
}

function entityCounts(counts: Map<Node, Mention[]>): { id: string; type: EntityType; count: number }[] {
  const byId = new Map<string, { id: string; type: EntityType; count: number }>();
  for (const mentions of counts.values()) {
    for (const { id, type } of mentions) {
      const entry = byId.get(id) ?? { id, type, count: 0 };
      entry.count++;
      byId.set(id, entry);
    }
  }
  return [...byId.values()].sort((a, b) => b.count - a.count);
}

/** The page's own <link rel=canonical>, if it declares one. */
function canonicalLink(): string | null {
  return document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ?? null;
}

async function annotate(
  highlighter: Highlighter,
  index: MarkIndex,
  options: PageOptions,
  roots: readonly Node[],
  state: PassState,
  meter: WorkMeter,
  stale: () => boolean,
): Promise<void> {
  const hidden = new Set(options.hiddenTypes);
  const suppressed = new Set(options.suppressed);
  const mark = async (batch: Piece[]): Promise<boolean> => {
    const payload = { texts: batch.map((p) => p.text), page: [...state.page] };
    const started = performance.now();
    // Sending serializes the texts on our thread: that part is our work too. Once more if the
    // background was stopped while it answered (a service worker can be, at any time).
    let answer = await meter.time(() => send('kb:recognize', payload));
    if (!answer.ok && !stale()) answer = await meter.time(() => send('kb:recognize', payload));
    meter.waitMs += performance.now() - started;
    if (!answer.ok) {
      console.warn('[caucasus-lens]', answer.error);
      return false;
    }
    if (stale()) return false;
    for (const id of answer.value.regional) state.page.add(id);
    const { mentions } = answer.value;
    // One mention at a time: a block of a huge page can hold thousands.
    const work = (function* () {
      for (let p = 0; p < batch.length; p++) {
        for (const mention of mentions[p] ?? []) yield { piece: batch[p] as Piece, mention };
      }
    })();
    return sliced(work, meter, stale, ({ piece, mention: m }) => {
      if (suppressed.has(m.entityId)) return;
      const first = piece.block.nodes[0];
      if (first) {
        let counted = state.counts.get(first);
        if (!counted) {
          counted = [];
          state.counts.set(first, counted);
        }
        counted.push({ id: m.entityId, type: m.entityType });
      }
      if (hidden.has(m.entityType)) return;
      if (options.firstMentionOnly && state.seen.has(m.entityId)) return;
      state.seen.add(m.entityId);
      const range = rangeOf(piece, m);
      if (!range) return;
      highlighter.add(m.entityType, range);
      index.add({ range, entityId: m.entityId, type: m.entityType });
    });
  };
  // Read, asked about and marked one request's worth of text at a time, each part let go once
  // marked: a huge page never holds all its text and text nodes at once (the 5 MB stress page held
  // 14 MB until its last mark). So an ambiguous name is judged by the page as far as it has been
  // read, which is the whole page for all but pages of more than one request.
  const walk = (function* () {
    for (const root of roots) yield* walkBlocks(root);
  })();
  let chars = 0;
  let more = false;
  const upToABatch = function* () {
    for (;;) {
      if (chars >= BATCH_CHARS) {
        more = true;
        return;
      }
      const next = walk.next();
      if (next.done) return;
      yield next.value;
    }
  };
  do {
    const blocks: TextBlock[] = [];
    chars = 0;
    more = false;
    const read = await sliced(upToABatch(), meter, stale, (block) => {
      blocks.push(block);
      chars += block.text.length;
    });
    if (!read) return;
    for (const batch of batchesOf(blocks)) if (!(await mark(batch))) return;
  } while (more);
}

function rangeOf({ block, offset }: Piece, mention: BlockMention): Range | null {
  const from = locate(block, offset + mention.start);
  const to = locate(block, offset + mention.end - 1);
  if (!from || !to) return null;
  const range = document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset + 1);
  return range;
}
