/**
 * Every kind of bad message, for every message type of the protocol, through the real router and
 * handlers over fake-indexeddb: each is refused with an error and changes nothing (the whole database,
 * storage.sync and the sync and panel calls are compared before and after).
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SenderInfo } from '../../../lib/background/router.ts';
import { MAX_IMPORT_BYTES } from '../../../lib/notes/interchange.ts';
import {
  access,
  MAX_RECOGNIZE_CHARS,
  type MessageType,
  type Payload,
  requests,
} from '../../../lib/protocol.ts';
import { countReliability } from '../../reliability/counts.ts';
import { type Background, CONTENT, EXTENSION, OWN, PAGE_URL, startBackground } from './background.ts';

let bg: Background;
let noteId = '';
let otherPageNoteId = '';

beforeAll(async () => {
  bg = await startBackground();
  const add = async (url: string, body: string) => {
    const answer = await bg.route(
      { type: 'notes:add', payload: { kind: 'page', entityIds: ['armenia'], body, url } },
      EXTENSION,
    );
    expect(answer.ok).toBe(true);
    return (answer.value as { note: { id: string } }).note.id;
  };
  noteId = await add(PAGE_URL, 'A note on this page');
  otherPageNoteId = await add('https://elsewhere.example/private', 'A private note from another site');
});
afterAll(async () => {
  await bg.close();
});

const EXPORT = JSON.stringify({
  type: 'AnnotationCollection',
  first: { items: [] },
});

/** One valid payload per message type; typed, so a new message type must be added here. */
function valid(): { [K in MessageType]: Payload<K> } {
  const target = { quote: { exact: 'Armenia', prefix: '', suffix: '' }, position: { start: 0, end: 7 } };
  return {
    'sys:ping': {},
    'kb:recognize': {
      texts: ['Talks in Baku and Yerevan.', 'Georgia'],
      page: ['azerbaijan'],
    },
    'kb:entity': { id: 'armenia', lang: 'ru' },
    'site:status': { host: 'news.example' },
    'site:set-enabled': { host: 'news.example', enabled: false },
    'settings:get': {},
    'settings:update': {
      paused: true,
      hiddenTypes: ['state'],
      firstMentionOnly: true,
      notHere: ['news.example armenia'],
    },
    'entity:mute': { entityId: 'armenia', muted: true },
    'entity:not-here': { entityId: 'armenia', dismissed: true },
    'panel:open': {
      entityId: 'armenia',
      compose: true,
      passage: { target, title: 'Title', canonical: 'https://news.example/canonical' },
    },
    'notes:add-entity': { entityId: 'armenia', body: 'An entity note' },
    'notes:add': {
      kind: 'passage',
      entityIds: ['armenia'],
      body: 'A passage note',
      url: PAGE_URL,
      canonical: 'https://news.example/canonical',
      title: 'Title',
      target,
    },
    'notes:update': { id: noteId, body: 'Edited', entityIds: ['armenia'] },
    'notes:delete': { id: noteId, deleted: true },
    'notes:resolve': { id: noteId, keep: '0000-0-device', alsoAsNote: true },
    'notes:import': { text: EXPORT },
    'sync:webdav-configure': {
      url: 'https://dav.example/notes/',
      user: 'reader',
      password: 'secret',
      passphrase: 'a long passphrase',
    },
    'sync:webdav-disconnect': {},
    'sync:browser': { enabled: false, passphrase: 'a long passphrase' },
    'sync:now': {},
    'sync:status': {},
    'notes:for-page': {},
    'notes:for-card': { entityId: 'armenia' },
    'notes:for-entity': { entityId: 'armenia' },
  };
}

const TYPES = Object.keys(requests) as MessageType[];
const EXTENSION_ONLY = TYPES.filter((t) => access[t] === 'extension');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value of another JSON type than `value`. */
function wrongType(value: Json): Json {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return { 0: value[0] ?? null };
  if (value === null) return {};
  return [value];
}

/** Every place in a payload: [path, value]. */
function leaves(value: Json, path: (string | number)[] = []): [(string | number)[], Json][] {
  const here: [(string | number)[], Json][] = path.length ? [[path, value]] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => leaves(item, [...path, i]))];
  if (value && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, item]) => leaves(item, [...path, k]))];
  return here;
}

function withAt(root: Json, path: (string | number)[], replace: (old: Json) => Json | undefined): Json {
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  const next = replace(node[last] as Json);
  if (next === undefined) delete node[last];
  else node[last] = next;
  return copy;
}

/** The schema at a path of an object payload, to know which fields are required. */
function isOptional(type: MessageType, path: (string | number)[]): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: walking valibot's schema objects.
  let schema: any = requests[type];
  for (const key of path) {
    while (schema.wrapped || schema.pipe?.[0]?.entries) schema = schema.wrapped ?? schema.pipe[0];
    if (typeof key === 'number') return false;
    schema = schema.entries?.[key];
    if (!schema) return false;
  }
  return schema.type === 'optional' || schema.type === 'nullish';
}

/** Bad versions of a valid payload: missing, extra, wrong-typed and oversize fields. */
function badPayloads(type: MessageType, payload: Json): [string, unknown][] {
  const out: [string, unknown][] = [
    ['payload null', null],
    ['payload a string', 'payload'],
    ['payload a number', 7],
    ['payload an array', [payload]],
    ['extra field', { ...(payload as object), injected: true }],
    [
      'own __proto__ field',
      Object.defineProperty({ ...(payload as object) }, '__proto__', {
        value: { admin: true },
        enumerable: true,
      }),
    ],
  ];
  for (const [path, value] of leaves(payload)) {
    const at = path.join('.');
    out.push([`${at} of the wrong type`, withAt(payload, path, () => wrongType(value))]);
    if (!isOptional(type, path) && typeof path[path.length - 1] === 'string')
      out.push([`${at} missing`, withAt(payload, path, () => undefined)]);
    if (typeof value === 'string' && type !== 'notes:import') {
      // The same text made a million characters longer: over every limit the protocol sets but the import's.
      out.push([
        `${at} oversize`,
        withAt(payload, path, () => value + (value.at(-1) ?? 'a').repeat(MAX_RECOGNIZE_CHARS)),
      ]);
    }
  }
  return out;
}

async function refusedWithoutEffect(message: unknown, sender: SenderInfo): Promise<string> {
  const before = await bg.dump();
  const answer = await bg.route(message, sender);
  expect(answer.ok, String(JSON.stringify(message)).slice(0, 200)).toBe(false);
  expect(answer.error).toEqual(expect.any(String));
  expect(await bg.dump()).toBe(before);
  return answer.error as string;
}

describe('bad payloads, for every message type', () => {
  it.each(TYPES)(
    '%s: missing, extra, wrong-typed and oversize payloads are refused with no effect',
    async (type) => {
      const payload = valid()[type] as Json;
      const cases = [['no payload', undefined] as [string, unknown], ...badPayloads(type, payload)];
      let refused = 0;
      for (const [label, bad] of cases) {
        const message = bad === undefined ? { type } : { type, payload: bad };
        // From the side panel, so the access check cannot hide a schema failure.
        const error = await refusedWithoutEffect(message, EXTENSION);
        expect(error, label).toMatch(label === 'no payload' ? /malformed message/ : /invalid .* payload/);
        await refusedWithoutEffect(message, CONTENT);
        refused += 2;
      }
      // The valid payload passes the schema: the cases above fail for what was broken, nothing else.
      expect(v.safeParse(requests[type], payload).success).toBe(true);
      countReliability('bad-messages', refused);
    },
    60_000,
  );

  it('refuses kb:recognize requests over the total size, and too many texts', async () => {
    const half = 'Baku '.repeat(MAX_RECOGNIZE_CHARS / 10 + 1);
    const cases = [
      { texts: [half, half], page: [] },
      { texts: Array.from({ length: 20_001 }, () => 'Baku'), page: [] },
      { texts: ['Baku'], page: Array.from({ length: 2001 }, () => 'baku') },
    ];
    for (const payload of cases) {
      const error = await refusedWithoutEffect({ type: 'kb:recognize', payload }, CONTENT);
      expect(error).toMatch(/^invalid kb:recognize payload: .*(characters in one request|length)/s);
    }
    // Under the limits, the same request is answered (the control).
    const answer = await bg.route({ type: 'kb:recognize', payload: { texts: [half], page: [] } }, CONTENT);
    expect(answer.ok).toBe(true);
    countReliability('bad-messages', cases.length);
  });

  it('refuses an import over the size limit before reading it', async () => {
    const text = EXPORT + ' '.repeat(MAX_IMPORT_BYTES);
    const error = await refusedWithoutEffect({ type: 'notes:import', payload: { text } }, EXTENSION);
    expect(error).toContain('invalid notes:import payload: × The file is larger than 32 MB.');
    countReliability('bad-messages', 1);
  });
});

describe('bad envelopes', () => {
  const messages: [string, unknown][] = [
    ['a string', 'sys:ping'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['true', true],
    ['an array', [{ type: 'sys:ping', payload: {} }]],
    ['an empty object', {}],
    ['a type that is not a string', { type: 42, payload: {} }],
    ['no type', { payload: {} }],
    ['an extra envelope field', { type: 'sys:ping', payload: {}, sender: { url: OWN.origin } }],
    ...[
      'notes:delete-all',
      'notes:export',
      'SYS:PING',
      'sys:ping ',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'kb:recognizer',
      'kb:recognize\u0000',
      'x'.repeat(1_000_000),
    ].map((type): [string, unknown] => [
      `unknown type ${JSON.stringify(type.slice(0, 30))}`,
      { type, payload: {} },
    ]),
  ];

  it.each(messages)(
    'refuses %s, from a content script and from an extension page',
    async (_label, message) => {
      for (const sender of [CONTENT, EXTENSION]) {
        expect(await refusedWithoutEffect(message, sender)).toMatch(/malformed message/);
      }
      countReliability('bad-messages', 2);
    },
  );

  it('refuses random values as messages, and random payloads under every type', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ type: fc.constantFrom(...TYPES), payload: fc.anything() }),
          fc.record({ type: fc.constantFrom(...TYPES), payload: fc.dictionary(fc.string(), fc.anything()) }),
        ),
        fc.constantFrom(CONTENT, EXTENSION),
        async (message, sender) => {
          runs++;
          const parsed = v.safeParse(v.object({ type: v.picklist(TYPES), payload: v.unknown() }), message);
          const acceptable =
            parsed.success &&
            v.safeParse(requests[parsed.output.type], parsed.output.payload).success &&
            (sender === EXTENSION || access[parsed.output.type] === 'content');
          // The few random messages that are valid (empty payloads of reads) need not be refused.
          if (!acceptable) await refusedWithoutEffect(message, sender);
        },
      ),
      { numRuns: 300 },
    );
    countReliability('bad-messages', runs);
    countReliability('fuzz-runs', runs);
  }, 60_000);
});

describe('what a content script may do', () => {
  it.each(EXTENSION_ONLY)(
    '%s is refused to a content script, accepted from an extension page',
    async (type) => {
      const message = { type, payload: valid()[type] };
      expect(await refusedWithoutEffect(message, CONTENT)).toBe(
        `${type} is not allowed from a content script`,
      );
      // The same message gets past the router from the side panel (its handler may still fail on state).
      const answer = await bg.route(message, EXTENSION);
      if (!answer.ok) expect(answer.error).not.toMatch(/not allowed|malformed message|invalid .* payload/);
      countReliability('bad-messages', 1);
    },
  );

  it('export, delete, import and sync settings are extension-only; content scripts read, and add notes', () => {
    for (const type of [
      'notes:import',
      'notes:delete',
      'notes:update',
      'notes:add',
      'notes:resolve',
      'notes:for-entity',
      'settings:update',
      'site:set-enabled',
      'sync:webdav-configure',
      'sync:webdav-disconnect',
      'sync:browser',
      'sync:now',
      'sync:status',
    ] as const)
      expect(access[type], type).toBe('extension');
    // Export is done in the panel from its own reads of the database: there is no export message.
    expect(TYPES.filter((t) => /export|delete-all|clear/.test(t))).toEqual([]);
  });

  it('cannot pass for an extension page, whatever it sends or wherever it runs', async () => {
    const message = { type: 'notes:for-entity', payload: { entityId: 'armenia' } };
    const forged: [string, SenderInfo][] = [
      ['a page whose query names our origin', { id: OWN.id, url: `https://evil.example/?${OWN.origin}` }],
      ['a frame of another origin', { id: OWN.id, url: 'https://ads.example/frame', tab: CONTENT.tab }],
      [
        'a tab that is our page, from a frame of a web page',
        { id: OWN.id, url: PAGE_URL, tab: { id: 3, url: `${OWN.origin}sidepanel.html` } },
      ],
      ['a look-alike host', { id: OWN.id, url: 'chrome-extension://lens-id.evil.example/sidepanel.html' }],
      ['another extension origin', { id: OWN.id, url: 'chrome-extension://other-id/sidepanel.html' }],
      ['a blob of our origin', { id: OWN.id, url: `blob:${OWN.origin}0000` }],
      ['no url at all', { id: OWN.id, tab: { id: 3, url: `${OWN.origin}sidepanel.html` } }],
    ];
    for (const [label, sender] of forged) {
      expect(await refusedWithoutEffect(message, sender), label).toMatch(/not allowed from a content script/);
    }
    // Another extension, or no id: not ours at all.
    for (const sender of [{ id: 'other-id', url: `${OWN.origin}sidepanel.html` }, { url: EXTENSION.url }]) {
      expect(await refusedWithoutEffect({ type: 'sys:ping', payload: {} }, sender)).toBe('unknown sender');
    }
    // A payload cannot name the page either: fields a handler could trust are not in any schema.
    expect(
      await refusedWithoutEffect(
        { type: 'notes:for-page', payload: { url: 'https://elsewhere.example/private' } },
        CONTENT,
      ),
    ).toMatch(/invalid notes:for-page payload/);
    countReliability('bad-messages', forged.length + 3);
  });

  it('reads only the notes of its own page, and only its own site settings', async () => {
    // Fresh notes: the tests above may have deleted the first ones.
    for (const [url, body] of [
      [PAGE_URL, 'A note on this page'],
      ['https://elsewhere.example/private', 'A private note from another site'],
    ] as const) {
      const answer = await bg.route(
        { type: 'notes:add', payload: { kind: 'page', entityIds: ['armenia'], body, url } },
        EXTENSION,
      );
      const id = (answer.value as { note: { id: string } }).note.id;
      if (url === PAGE_URL) noteId = id;
      else otherPageNoteId = id;
    }
    const forPage = await bg.route({ type: 'notes:for-page', payload: {} }, CONTENT);
    const ids = (forPage.value as { notes: { id: string }[] }).notes.map((n) => n.id);
    expect(ids).toContain(noteId);
    expect(ids).not.toContain(otherPageNoteId);
    const card = await bg.route({ type: 'notes:for-card', payload: { entityId: 'armenia' } }, CONTENT);
    expect(JSON.stringify(card)).not.toContain('private');

    // The other site is off; the page asks about it and hears about its own site.
    // (Earlier tests paused marking and turned this site off.)
    await bg.route({ type: 'settings:update', payload: { paused: false } }, EXTENSION);
    await bg.route({ type: 'site:set-enabled', payload: { host: 'news.example', enabled: true } }, EXTENSION);
    await bg.route(
      { type: 'site:set-enabled', payload: { host: 'elsewhere.example', enabled: false } },
      EXTENSION,
    );
    const asked = await bg.route({ type: 'site:status', payload: { host: 'elsewhere.example' } }, CONTENT);
    expect(asked).toMatchObject({ ok: true, value: { enabled: true } });
    const fromPanel = await bg.route(
      { type: 'site:status', payload: { host: 'elsewhere.example' } },
      EXTENSION,
    );
    expect(fromPanel).toMatchObject({ ok: true, value: { enabled: false } });
  });

  it('cannot mute or dismiss entities that do not exist (storage.sync has a quota)', async () => {
    for (const type of ['entity:mute', 'entity:not-here'] as const) {
      const payload =
        type === 'entity:mute'
          ? { entityId: 'no-such-entity', muted: true }
          : { entityId: 'no-such-entity', dismissed: true };
      expect(await refusedWithoutEffect({ type, payload }, CONTENT)).toBe('unknown entity no-such-entity');
    }
    countReliability('bad-messages', 2);
  });
});
