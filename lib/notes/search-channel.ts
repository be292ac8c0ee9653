/**
 * The side panel searches its notes in a worker (search.worker.ts): a keystroke then costs the panel's
 * main thread only the rendering of the answer. Both ends are here, as plain functions over messages.
 *
 * The panel keeps the worker's copy of the notes in step with what it reads, sending only the rows
 * whose searched fields changed (a live query reads every note again on each change). It numbers its
 * questions and takes only the answer to the latest one, for the notes it holds now: an answer to an
 * earlier question, or over earlier notes, is stale and dropped. The worker searches only the latest
 * question waiting (typing faster than it searches skips the queries in between), and prepares the
 * search (each note's pair set) in slices between questions.
 */
import * as v from 'valibot';
import type { NoteRow } from '../db/database.ts';
import { fold } from '../text/fold.ts';
import { createNoteSearch, type NoteFilters, prepareSearch, type SearchRow, searchRowOf } from './search.ts';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const SearchRowSchema = v.strictObject({
  id: v.string(),
  entityIds: v.array(v.string()),
  tags: v.array(v.string()),
  url: v.optional(v.string()),
  updatedAt: v.number(),
  search: v.string(),
});

const FiltersSchema = v.strictObject({
  entityId: v.optional(v.string()),
  tag: v.optional(v.string()),
  site: v.optional(v.string()),
  since: v.optional(v.number()),
  sort: v.optional(v.picklist(['newest', 'oldest', 'site'])),
});

export const ToWorkerSchema = v.variant('type', [
  /** The notes, newest first, by id: the rows the worker does not hold (or holds changed) come along. */
  v.strictObject({
    type: v.literal('notes'),
    version: count,
    order: v.array(v.string()),
    put: v.array(SearchRowSchema),
  }),
  v.strictObject({ type: v.literal('search'), seq: count, query: v.string(), filters: FiltersSchema }),
]);
export type ToWorker = v.InferOutput<typeof ToWorkerSchema>;
type SearchRequest = Extract<ToWorker, { type: 'search' }>;

/** The notes found for question `seq`, as positions in the order of notes `version`. */
export const AnswerSchema = v.strictObject({ seq: count, version: count, found: v.instance(Int32Array) });
export type Answer = v.InferOutput<typeof AnswerSchema>;

/** Time the worker spends preparing the search before it looks for a question again. */
const PREPARE_SLICE_MS = 8;

/**
 * The worker's end: `receive` takes each message; answers go to `answer`; `later` runs a step after
 * the messages already waiting (so that only the latest question is searched).
 */
export function createSearchService(
  answer: (answer: Answer) => void,
  later: (step: () => void) => void,
): (data: unknown) => void {
  let held = new Map<string, SearchRow>();
  let list: SearchRow[] = [];
  let positions = new Map<SearchRow, number>();
  let version = 0;
  let prepared = 0;
  let waiting: SearchRequest | null = null;
  let scheduled = false;
  const search = createNoteSearch<SearchRow>();

  const step = () => {
    scheduled = false;
    if (waiting) {
      const { seq, query, filters } = waiting;
      waiting = null;
      const found = search(list, query, filters);
      answer({ seq, version, found: Int32Array.from(found, (row) => positions.get(row) as number) });
    } else {
      const until = performance.now() + PREPARE_SLICE_MS;
      prepared = prepareSearch(list, prepared, () => performance.now() < until);
    }
    schedule();
  };
  const schedule = () => {
    if (scheduled || (!waiting && prepared >= list.length)) return;
    scheduled = true;
    later(step);
  };

  return (data) => {
    const parsed = v.safeParse(ToWorkerSchema, data);
    if (!parsed.success) {
      console.error('[caucasus-lens] search worker: malformed message', v.flatten(parsed.issues));
      return;
    }
    const message = parsed.output;
    if (message.type === 'search') waiting = message;
    else {
      for (const row of message.put) held.set(row.id, row);
      const next = message.order.map((id) => held.get(id));
      if (next.some((row) => row === undefined)) {
        // The panel sends every row it has not sent before: a gap is a bug, and these notes unusable.
        console.error('[caucasus-lens] search worker: notes without their rows');
        return;
      }
      list = next as SearchRow[];
      held = new Map(list.map((row) => [row.id, row]));
      positions = new Map(list.map((row, i) => [row, i]));
      version = message.version;
      prepared = 0;
    }
    schedule();
  };
}

export interface SearchClient {
  /**
   * Asks for the notes matching `query` and `filters` among `notes` (newest first). With no words and
   * no filters that is every note, returned at once; otherwise null, and the answer comes through
   * `receive`. Either way, every earlier question is stale from now on.
   */
  request(notes: readonly NoteRow[], query: string, filters: NoteFilters): readonly NoteRow[] | null;
  /** The notes an answer found; null when it is stale or malformed. */
  receive(data: unknown): NoteRow[] | null;
}

/** The panel's end: `post` sends a message to the worker. */
export function createSearchClient(post: (message: ToWorker) => void): SearchClient {
  let seq = 0;
  let version = 0;
  let notes: readonly NoteRow[] = [];
  let sent = new Map<string, SearchRow>();
  return {
    request(next, query, filters) {
      if (next !== notes) {
        const rows = new Map<string, SearchRow>();
        const put: SearchRow[] = [];
        for (const note of next) {
          const before = sent.get(note.id);
          const row = searchRowOf(note);
          if (before && sameRow(before, row)) rows.set(note.id, before);
          else {
            rows.set(note.id, row);
            put.push(row);
          }
        }
        version += 1;
        post({ type: 'notes', version, order: next.map((note) => note.id), put });
        sent = rows;
        notes = next;
      }
      seq += 1;
      if (!fold(query).trim() && !filtered(filters)) return notes;
      post({ type: 'search', seq, query, filters });
      return null;
    },
    receive(data) {
      const parsed = v.safeParse(AnswerSchema, data);
      if (!parsed.success || parsed.output.seq !== seq || parsed.output.version !== version) return null;
      const found: NoteRow[] = [];
      for (const i of parsed.output.found) {
        const note = notes[i];
        if (!note) return null;
        found.push(note);
      }
      return found;
    },
  };
}

function filtered(filters: NoteFilters): boolean {
  const { entityId, tag, site, since, sort = 'newest' } = filters;
  return Boolean(entityId || tag || site || since) || sort !== 'newest';
}

function sameRow(a: SearchRow, b: SearchRow): boolean {
  return (
    a.search === b.search &&
    a.updatedAt === b.updatedAt &&
    a.url === b.url &&
    sameList(a.entityIds, b.entityIds) &&
    sameList(a.tags, b.tags)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
