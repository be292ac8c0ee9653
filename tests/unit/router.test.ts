import { describe, expect, it, vi } from 'vitest';
import { classifySender, createRouter, type Handlers } from '../../lib/background/router.ts';
import { access, requests } from '../../lib/protocol.ts';

const OWN = { id: 'lens-id', origin: 'chrome-extension://lens-id/' };
const page = { id: 'lens-id', url: 'chrome-extension://lens-id/sidepanel.html' };
const content = {
  id: 'lens-id',
  url: 'https://news.example/article',
  tab: { id: 3, url: 'https://news.example/article' },
};

const SETTINGS = {
  disabledSites: [],
  paused: false,
  hiddenTypes: [],
  firstMentionOnly: false,
  mutedEntities: [],
  notHere: [],
};

function handlers(): Handlers {
  return {
    'sys:ping': vi.fn(async () => ({ version: '1', kbHash: 'h', entities: 1, kbLoadMs: 5, kbFetchMs: 1 })),
    'kb:recognize': vi.fn(async ({ texts }) => ({ regional: [], mentions: texts.map(() => []) })),
    'kb:entity': vi.fn(async ({ id }) => ({
      entity: {
        id,
        type: 'state' as const,
        subtype: 'country',
        name: id,
        summary: '',
        asOf: '2026-01-01',
        sources: [],
        facts: [],
        relations: [],
      },
    })),
    'site:status': vi.fn(async () => ({
      enabled: true,
      hiddenTypes: [],
      firstMentionOnly: false,
      suppressed: [],
    })),
    'site:set-enabled': vi.fn(async ({ enabled }) => ({ enabled })),
    'entity:mute': vi.fn(async () => ({ settings: SETTINGS })),
    'entity:not-here': vi.fn(async () => ({ settings: SETTINGS })),
    'panel:open': vi.fn(async () => ({ opened: 'panel' as const })),
    'notes:add-entity': vi.fn(async ({ entityId, body }) => ({
      note: {
        id: 'n',
        kind: 'entity' as const,
        entityIds: [entityId],
        body,
        tags: [],
        createdAt: 0,
        updatedAt: 0,
      },
    })),
    'notes:add': vi.fn(async ({ kind, body }) => ({
      note: { id: 'n', kind, entityIds: [], body, tags: [], createdAt: 0, updatedAt: 0 },
    })),
    'notes:update': vi.fn(async ({ id }) => ({
      note: { id, kind: 'entity' as const, entityIds: [], body: '', tags: [], createdAt: 0, updatedAt: 0 },
    })),
    'notes:delete': vi.fn(async ({ id, deleted }) => ({ id, deleted })),
    'notes:import': vi.fn(async () => ({ added: 0, updated: 0, skipped: 0 })),
    'notes:for-page': vi.fn(async () => ({ notes: [] })),
    'notes:resolve': vi.fn(async ({ id }) => ({ id })),
    'sync:webdav-configure': vi.fn(async () => ({
      configured: true,
      pending: 0,
      conflicts: 0,
      browser: { enabled: true, notSynced: 0 },
    })),
    'sync:webdav-disconnect': vi.fn(async () => ({
      configured: false,
      pending: 0,
      conflicts: 0,
      browser: { enabled: true, notSynced: 0 },
    })),
    'sync:browser': vi.fn(async () => ({
      configured: false,
      pending: 0,
      conflicts: 0,
      browser: { enabled: false, notSynced: 0 },
    })),
    'sync:now': vi.fn(async () => ({
      configured: false,
      pending: 0,
      conflicts: 0,
      browser: { enabled: true, notSynced: 0 },
    })),
    'sync:status': vi.fn(async () => ({
      configured: false,
      pending: 0,
      conflicts: 0,
      browser: { enabled: true, notSynced: 0 },
    })),
    'notes:for-card': vi.fn(async () => ({ total: 0, onPage: 0, latest: null })),
    'notes:for-entity': vi.fn(async () => ({ notes: [] })),
    'settings:get': vi.fn(async () => ({ settings: SETTINGS })),
    'settings:update': vi.fn(async () => ({ settings: { ...SETTINGS, paused: true } })),
  };
}

describe('classifySender', () => {
  it('tells extension pages from content scripts and strangers', () => {
    expect(classifySender(page, OWN.id, OWN.origin)).toBe('extension');
    expect(classifySender(content, OWN.id, OWN.origin)).toBe('content');
    expect(classifySender({ id: 'other', url: page.url }, OWN.id, OWN.origin)).toBeNull();
    expect(classifySender({ url: page.url }, OWN.id, OWN.origin)).toBeNull();
  });

  it('does not trust a page whose URL merely contains our origin', () => {
    const spoof = { id: 'lens-id', url: 'https://evil.example/?chrome-extension://lens-id/' };
    expect(classifySender(spoof, OWN.id, OWN.origin)).toBe('content');
  });
});

describe('router', () => {
  it('answers a valid message with the handler result', async () => {
    const h = handlers();
    const route = createRouter(h, OWN);
    await expect(route({ type: 'kb:entity', payload: { id: 'azerbaijan' } }, content)).resolves.toMatchObject(
      {
        ok: true,
        value: { entity: { id: 'azerbaijan' } },
      },
    );
    expect(h['kb:entity']).toHaveBeenCalledOnce();
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['unknown type', { type: 'notes:delete-all', payload: {} }],
    ['missing payload', { type: 'kb:entity' }],
    ['extra envelope field', { type: 'sys:ping', payload: {}, extra: 1 }],
    ['wrong payload type', { type: 'kb:entity', payload: { id: 42 } }],
    ['payload not a slug', { type: 'kb:entity', payload: { id: '../../etc' } }],
    ['extra payload field', { type: 'site:status', payload: { host: 'a.example', x: 1 } }],
    ['host with a path', { type: 'site:status', payload: { host: 'a.example/path' } }],
  ])('rejects %s with an error and calls no handler', async (_label, message) => {
    const h = handlers();
    const route = createRouter(h, OWN);
    const result = await route(message, content);
    expect(result.ok).toBe(false);
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });

  it('refuses extension-only messages from content scripts, allows them from extension pages', async () => {
    const h = handlers();
    const route = createRouter(h, OWN);
    const message = { type: 'site:set-enabled', payload: { host: 'a.example', enabled: false } };
    await expect(route(message, content)).resolves.toMatchObject({ ok: false, error: /not allowed/ });
    expect(h['site:set-enabled']).not.toHaveBeenCalled();
    await expect(route(message, page)).resolves.toEqual({ ok: true, value: { enabled: false } });
  });

  it('lets content scripts add an entity note but not read notes across pages', async () => {
    const h = handlers();
    const route = createRouter(h, OWN);
    await expect(
      route({ type: 'notes:add-entity', payload: { entityId: 'armenia', body: 'A note' } }, content),
    ).resolves.toMatchObject({ ok: true });
    await expect(
      route({ type: 'notes:for-entity', payload: { entityId: 'armenia' } }, content),
    ).resolves.toMatchObject({
      ok: false,
    });
    await expect(
      route({ type: 'notes:add-entity', payload: { entityId: 'armenia', body: '   ' } }, content),
    ).resolves.toMatchObject({
      ok: false,
    });
  });

  it('refuses settings changes from content scripts', async () => {
    const h = handlers();
    const route = createRouter(h, OWN);
    await expect(
      route({ type: 'settings:update', payload: { paused: true } }, content),
    ).resolves.toMatchObject({ ok: false });
    await expect(
      route({ type: 'settings:update', payload: { hiddenTypes: ['nonsense'] } }, page),
    ).resolves.toMatchObject({
      ok: false,
    });
    expect(h['settings:update']).not.toHaveBeenCalled();
  });

  it('refuses messages from other extensions', async () => {
    const route = createRouter(handlers(), OWN);
    const result = await route({ type: 'sys:ping', payload: {} }, { id: 'someone-else' });
    expect(result).toEqual({ ok: false, error: 'unknown sender' });
  });

  it('turns a handler failure into { ok: false }', async () => {
    const h = handlers();
    h['sys:ping'] = async () => {
      throw new Error('database closed');
    };
    const route = createRouter(h, OWN);
    await expect(route({ type: 'sys:ping', payload: {} }, page)).resolves.toEqual({
      ok: false,
      error: 'database closed',
    });
  });
});

describe('protocol map', () => {
  it('declares who may send every message it defines, and nothing else', () => {
    expect(Object.keys(access).sort()).toEqual(Object.keys(requests).sort());
  });
});
