/**
 * The one contract between contexts. Every message is `area:verb`, with a valibot schema for its
 * payload, the result type it answers with, and who may send it:
 * - 'content': any context, including content scripts (untrusted: a compromised renderer can send these);
 * - 'extension': only the extension's own pages (side panel, popup, options).
 * Results are plain JSON. Expected failures come back as { ok: false, error }, never as throws.
 */
import * as v from 'valibot';
import { ENTITY_TYPES, type EntityType } from './kb/schema.ts';
import type { CompiledRecognizer } from './recognizer/compiled.ts';
import type { Settings } from './settings.ts';

const host = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(253),
  v.regex(/^[a-z0-9.:[\]-]+$/i, 'not a host name'),
);
const entityId = v.pipe(
  v.string(),
  v.maxLength(120),
  v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'not an entity id'),
);

export const requests = {
  'sys:ping': v.strictObject({}),
  'kb:recognizer': v.strictObject({}),
  'kb:entity': v.strictObject({ id: entityId }),
  'site:status': v.strictObject({ host }),
  'site:set-enabled': v.strictObject({ host, enabled: v.boolean() }),
  'settings:get': v.strictObject({}),
  'settings:update': v.strictObject({
    paused: v.optional(v.boolean()),
    hiddenTypes: v.optional(v.pipe(v.array(v.picklist(ENTITY_TYPES)), v.maxLength(ENTITY_TYPES.length))),
    firstMentionOnly: v.optional(v.boolean()),
  }),
  'notes:add-entity': v.strictObject({
    entityId,
    body: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(20_000)),
  }),
  'notes:for-entity': v.strictObject({ entityId }),
} as const;

export type MessageType = keyof typeof requests;
export type Payload<K extends MessageType> = v.InferOutput<(typeof requests)[K]>;

export interface EntityCard {
  id: string;
  type: EntityType;
  name: string;
  summary: string;
  asOf: string;
  sources: string[];
}

export interface Results {
  'sys:ping': {
    version: string;
    kbHash: string | null;
    entities: number;
    kbLoadMs: number | null;
    kbFetchMs: number | null;
  };
  'kb:recognizer': { recognizer: CompiledRecognizer };
  'kb:entity': { entity: EntityCard | null };
  /** What a page on this host should do: mark or not, which types, first mentions only. */
  'site:status': { enabled: boolean; hiddenTypes: EntityType[]; firstMentionOnly: boolean };
  'site:set-enabled': { enabled: boolean };
  'settings:get': { settings: Settings };
  'settings:update': { settings: Settings };
  'notes:add-entity': { note: NoteView };
  'notes:for-entity': { notes: NoteView[] };
}

export interface NoteView {
  id: string;
  entityId: string;
  body: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export const access: Record<MessageType, 'content' | 'extension'> = {
  'sys:ping': 'content',
  'kb:recognizer': 'content',
  'kb:entity': 'content',
  'site:status': 'content',
  'site:set-enabled': 'extension',
  'settings:get': 'extension',
  'settings:update': 'extension',
  // From the hover card a reader adds a note on the entity; reading notes across pages is the side
  // panel's (the card's note preview arrives with the in-page issue, with its own access rule).
  'notes:add-entity': 'content',
  'notes:for-entity': 'extension',
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  payload: Payload<K>;
}

/**
 * Messages the extension's pages send to the content script of a tab (browser.tabs.sendMessage).
 * Only our own extension can reach a content script this way; payloads are still validated.
 */
export const contentRequests = {
  'page:site': v.strictObject({}),
} as const;

export type ContentMessageType = keyof typeof contentRequests;
export type ContentPayload<K extends ContentMessageType> = v.InferOutput<(typeof contentRequests)[K]>;

export interface ContentResults {
  'page:site': { host: string; url: string; marks: number; counts: Partial<Record<EntityType, number>> };
}

export const ContentEnvelopeSchema = v.strictObject({
  type: v.picklist(Object.keys(contentRequests) as ContentMessageType[]),
  payload: v.unknown(),
});

/** The envelope every message travels in; the payload is checked against its own schema after. */
export const EnvelopeSchema = v.strictObject({
  type: v.picklist(Object.keys(requests) as MessageType[]),
  payload: v.unknown(),
});
