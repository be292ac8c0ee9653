/**
 * The part of the protocol a content script needs: the messages extension pages send it (`page:*`)
 * and the limits of what it sends. Kept apart from protocol.ts so that every page does not build the
 * schemas of every other message (measured: ~0.5 ms of each page's start).
 */
import * as v from 'valibot';
import type { EntityType } from './kb/schema.ts';
import type { PassageTarget } from './notes/anchor.ts';

export const entityId = v.pipe(
  v.string(),
  v.maxLength(120),
  v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'not an entity id'),
);

/** Characters of page text in one kb:recognize request; a content script sends a large page in parts. */
export const MAX_RECOGNIZE_CHARS = 1_000_000;

/**
 * Messages the extension's pages send to the content script of a tab (browser.tabs.sendMessage).
 * Only our own extension can reach a content script this way; payloads are still validated.
 */
export const contentRequests = {
  'page:site': v.strictObject({}),
  /** How much work annotating this page took (for the benchmark). */
  'page:stats': v.strictObject({}),
  /** The page as the side panel shows it: its address, title, entities with counts, passages. */
  'page:summary': v.strictObject({}),
  /** The reader's current selection as a passage (for the context menu's Add note). */
  'page:selection': v.strictObject({}),
  /** Notes of this page changed: find the passages again. */
  'page:notes-changed': v.strictObject({}),
  /** Moves to the next or previous mention (of one entity, if given), shows it and opens its card. */
  'page:step': v.strictObject({
    direction: v.picklist(['next', 'previous']),
    entityId: v.optional(entityId),
  }),
} as const;

export type ContentMessageType = keyof typeof contentRequests;
export type ContentPayload<K extends ContentMessageType> = v.InferOutput<(typeof contentRequests)[K]>;

export interface ContentResults {
  'page:site': { host: string; url: string; marks: number; counts: Partial<Record<EntityType, number>> };
  /** Times are performance.now() in the page; durations in ms. */
  'page:stats': {
    startedAt: number;
    doneAt: number;
    busyMs: number;
    longestTaskMs: number;
    /** Waiting for the background to recognize (not main-thread time). */
    waitMs: number;
    marks: number;
    hoverMs: number[];
  };
  'page:summary': {
    url: string;
    canonical: string | null;
    title: string;
    entities: { id: string; type: EntityType; count: number }[];
    /** Passage notes found on the page, and those that could not be found (orphans). */
    anchored: string[];
    orphaned: string[];
  };
  'page:selection': { target: PassageTarget; title: string; canonical: string | null } | null;
  'page:notes-changed': { anchored: number; orphaned: number };
  /** Where the step landed: the mention's entity and its place among the marks (null: no marks). */
  'page:step': { entityId: string; position: number; total: number } | null;
}

export const ContentEnvelopeSchema = v.strictObject({
  type: v.picklist(Object.keys(contentRequests) as ContentMessageType[]),
  payload: v.unknown(),
});
