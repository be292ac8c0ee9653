/**
 * The one contract between contexts. Every message is `area:verb`, with a valibot schema for its
 * payload, the result type it answers with, and who may send it:
 * - 'content': any context, including content scripts (untrusted: a compromised renderer can send these);
 * - 'extension': only the extension's own pages (side panel, popup, options).
 * Results are plain JSON. Expected failures come back as { ok: false, error }, never as throws.
 */
import * as v from 'valibot';
import type { SyncStatus } from './background/sync-service.ts';
import { ENTITY_TYPES, type EntityType, LANGS, type RelationType } from './kb/schema.ts';
import type { PassageTarget } from './notes/anchor.ts';
import { MAX_IMPORT_BYTES } from './notes/interchange.ts';
import { entityId, MAX_RECOGNIZE_CHARS } from './page-protocol.ts';
import type { BlocksResult } from './recognizer/page-blocks.ts';
import type { Settings } from './settings.ts';

// What a content script needs lives in page-protocol.ts, so that pages do not build these schemas.
export {
  ContentEnvelopeSchema,
  type ContentMessageType,
  type ContentPayload,
  type ContentResults,
  contentRequests,
  MAX_RECOGNIZE_CHARS,
} from './page-protocol.ts';

const host = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(253),
  v.regex(/^[a-z0-9.:[\]-]+$/i, 'not a host name'),
);

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const noteBody = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(20_000));
const noteId = v.pipe(v.string(), v.uuid('not a note id'));
const pageUrl = v.pipe(text(4000), v.url(), v.regex(/^(https?|file):/, 'not a page URL'));
export const PassageTargetSchema = v.strictObject({
  quote: v.strictObject({
    exact: v.pipe(text(20_000), v.minLength(1)),
    prefix: text(200),
    suffix: text(200),
  }),
  position: v.strictObject({
    start: v.pipe(v.number(), v.integer(), v.minValue(0)),
    end: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
});

export const requests = {
  'sys:ping': v.strictObject({}),
  /**
   * Mentions in blocks of a page's text. Recognition runs here, not in the page: the page's main
   * thread only reads its text and paints marks (docs/architecture.md).
   */
  'kb:recognize': v.pipe(
    v.strictObject({
      texts: v.pipe(v.array(text(MAX_RECOGNIZE_CHARS)), v.maxLength(20_000)),
      /** Regional entities found earlier on the page. */
      page: v.pipe(v.array(entityId), v.maxLength(2_000)),
    }),
    v.check(
      ({ texts }) => texts.reduce((n, t) => n + t.length, 0) <= MAX_RECOGNIZE_CHARS,
      `more than ${MAX_RECOGNIZE_CHARS} characters in one request`,
    ),
  ),
  /** The card's content, with names in the page's language where the knowledge base has them. */
  'kb:entity': v.strictObject({ id: entityId, lang: v.optional(v.picklist(LANGS)) }),
  'site:status': v.strictObject({ host }),
  'site:set-enabled': v.strictObject({ host, enabled: v.boolean() }),
  'settings:get': v.strictObject({}),
  'settings:update': v.strictObject({
    paused: v.optional(v.boolean()),
    hiddenTypes: v.optional(v.pipe(v.array(v.picklist(ENTITY_TYPES)), v.maxLength(ENTITY_TYPES.length))),
    firstMentionOnly: v.optional(v.boolean()),
    notHere: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(400))), v.maxLength(2000))),
  }),
  /** Mute an entity everywhere (from the card), or unmute it (from the popup). */
  'entity:mute': v.strictObject({ entityId, muted: v.boolean() }),
  /** "Not this entity here": the site is the sender's own page, never a payload field. */
  'entity:not-here': v.strictObject({ entityId, dismissed: v.boolean() }),
  /** Opens the side panel on an entity, ready to write a note when `compose` is set. */
  'panel:open': v.strictObject({
    entityId: v.optional(entityId),
    compose: v.optional(v.boolean()),
    /** A passage the reader selected, to write a note on (the page is the sender's). */
    passage: v.optional(
      v.strictObject({
        target: PassageTargetSchema,
        title: v.optional(text(2000)),
        canonical: v.optional(pageUrl),
      }),
    ),
  }),
  'notes:add-entity': v.strictObject({
    entityId,
    body: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(20_000)),
  }),
  /** A note of any kind, written in the side panel. */
  'notes:add': v.strictObject({
    kind: v.picklist(['entity', 'page', 'passage']),
    entityIds: v.pipe(v.array(entityId), v.maxLength(200)),
    body: noteBody,
    url: v.optional(pageUrl),
    canonical: v.optional(pageUrl),
    title: v.optional(text(2000)),
    target: v.optional(PassageTargetSchema),
  }),
  'notes:update': v.strictObject({
    id: noteId,
    body: v.optional(noteBody),
    entityIds: v.optional(v.pipe(v.array(entityId), v.maxLength(200))),
  }),
  /** Deletes a note (deleted: true) or undoes the deletion. */
  'notes:delete': v.strictObject({ id: noteId, deleted: v.boolean() }),
  /** Settles a conflict: keep one version (by its stamp), optionally the others as notes of their own. */
  'notes:resolve': v.strictObject({ id: noteId, keep: text(200), alsoAsNote: v.boolean() }),
  /** Imports a notes export (the file's text); nothing is written unless all of it is valid. */
  'notes:import': v.strictObject({
    text: v.pipe(
      v.string(),
      v.maxLength(MAX_IMPORT_BYTES, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`),
    ),
  }),
  /** Sets up WebDAV sync (after the panel obtained the server's host permission). */
  'sync:webdav-configure': v.strictObject({
    url: v.pipe(
      text(2000),
      v.url(),
      v.regex(/^https?:\/\//, 'a WebDAV address starts with https:// or http://'),
    ),
    user: v.pipe(text(200), v.minLength(1)),
    password: v.pipe(text(500), v.minLength(1)),
    /** Null: no encryption. */
    passphrase: v.nullable(v.pipe(text(500), v.minLength(8, 'a passphrase has at least 8 characters'))),
  }),
  'sync:webdav-disconnect': v.strictObject({}),
  /** Browser sync (storage.sync) on or off. */
  'sync:browser': v.strictObject({
    enabled: v.boolean(),
    /** A passphrase turns encryption on, null turns it off; absent leaves it as it is. */
    passphrase: v.optional(
      v.nullable(v.pipe(text(500), v.minLength(8, 'a passphrase has at least 8 characters'))),
    ),
  }),
  'sync:now': v.strictObject({}),
  'sync:status': v.strictObject({}),
  /** The notes filed under the sender's page, for its passages to be found again and shown. */
  'notes:for-page': v.strictObject({}),
  /** The card's view of the reader's notes on an entity: the count, and the latest from this page. */
  'notes:for-card': v.strictObject({ entityId }),
  'notes:for-entity': v.strictObject({ entityId }),
} as const;

export type MessageType = keyof typeof requests;
export type Payload<K extends MessageType> = v.InferOutput<(typeof requests)[K]>;

/** Everything the hover card shows about an entity. */
export interface EntityCard {
  id: string;
  type: EntityType;
  subtype: string;
  /** In the page's language when the knowledge base has it, else English. */
  name: string;
  /** The English name, when `name` is another language's. */
  englishName?: string;
  summary: string;
  asOf: string;
  sources: string[];
  facts: { label: string; value: string; source: string; asOf: string }[];
  relations: {
    type: RelationType;
    label: string;
    targetId: string;
    targetName: string;
    role?: string;
  }[];
  naming?: { note: string; usage: { name: string; usedBy: string }[]; source: string; asOf: string };
}

export interface CardNotes {
  total: number;
  onPage: number;
  latest: NoteView | null;
}

export interface Results {
  'sys:ping': {
    version: string;
    kbHash: string | null;
    entities: number;
    kbLoadMs: number | null;
    kbFetchMs: number | null;
  };
  'kb:recognize': BlocksResult;
  'kb:entity': { entity: EntityCard | null };
  /** What a page on this host should do: mark or not, which types, first mentions only, which entities not. */
  'site:status': {
    enabled: boolean;
    hiddenTypes: EntityType[];
    firstMentionOnly: boolean;
    suppressed: string[];
  };
  'site:set-enabled': { enabled: boolean };
  'settings:get': { settings: Settings };
  'settings:update': { settings: Settings };
  'entity:mute': { settings: Settings };
  'entity:not-here': { settings: Settings };
  /** How the panel opened: the side panel, or (when the browser refuses) a small window. */
  'panel:open': { opened: 'panel' | 'window' };
  'notes:add-entity': { note: NoteView };
  'notes:add': { note: NoteView };
  'notes:update': { note: NoteView };
  'notes:delete': { id: string; deleted: boolean };
  'notes:import': { added: number; updated: number; skipped: number };
  'notes:resolve': { id: string };
  'notes:for-page': { notes: NoteView[] };
  'sync:webdav-configure': SyncStatus;
  'sync:webdav-disconnect': SyncStatus;
  'sync:browser': SyncStatus;
  'sync:now': SyncStatus;
  'sync:status': SyncStatus;
  'notes:for-card': CardNotes;
  'notes:for-entity': { notes: NoteView[] };
}

export interface NoteView {
  id: string;
  kind: 'entity' | 'page' | 'passage';
  entityIds: string[];
  url?: string;
  title?: string;
  target?: PassageTarget;
  body: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export const access: Record<MessageType, 'content' | 'extension'> = {
  'sys:ping': 'content',
  'kb:recognize': 'content',
  'kb:entity': 'content',
  'site:status': 'content',
  'site:set-enabled': 'extension',
  'settings:get': 'extension',
  'settings:update': 'extension',
  // The card's actions. A page can only dismiss marks on its own site (the host is the sender's).
  'entity:mute': 'content',
  'entity:not-here': 'content',
  'panel:open': 'content',
  // A content script may add a note on its own page, and read only what the card shows: the count
  // and the notes written on that page. Notes from elsewhere are for extension pages only.
  'notes:add-entity': 'content',
  'notes:add': 'extension',
  'notes:update': 'extension',
  'notes:delete': 'extension',
  'notes:import': 'extension',
  'notes:resolve': 'extension',
  'notes:for-page': 'content',
  'sync:webdav-configure': 'extension',
  'sync:webdav-disconnect': 'extension',
  'sync:browser': 'extension',
  'sync:now': 'extension',
  'sync:status': 'extension',
  'notes:for-card': 'content',
  'notes:for-entity': 'extension',
};

/** `storageFull`: the browser's storage is full; nothing was written, and the same request may be retried. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; storageFull?: true };

export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  payload: Payload<K>;
}

/** The envelope every message travels in; the payload is checked against its own schema after. */
export const EnvelopeSchema = v.strictObject({
  type: v.picklist(Object.keys(requests) as MessageType[]),
  payload: v.unknown(),
});
