/** The real knowledge base in kb/: valid, connected, and covering what the seed article names. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readKbSources } from '../../lib/kb/read-sources.ts';
import { collisionKey, surfaceForms, validateKb } from '../../lib/kb/validate.ts';

const root = fileURLToPath(new URL('../../kb', import.meta.url));
const { files, errors: readErrors } = readKbSources(root);
const { entities, errors } = validateKb(files);
const byId = new Map(entities.map((e) => [e.id, e]));

describe('knowledge base content', () => {
  it('every file parses and validates, with no cross-file errors', () => {
    expect([...readErrors, ...errors]).toEqual([]);
  });

  it('docs/kb-ids.md lists exactly the ids in kb/', () => {
    const registry = readFileSync(fileURLToPath(new URL('../../docs/kb-ids.md', import.meta.url)), 'utf8');
    const listed = registry
      .split('\n')
      .filter((line) => line && !line.startsWith('#') && /^[a-z0-9-]+( [a-z0-9-]+)*$/.test(line))
      .flatMap((line) => line.split(' '));
    expect(listed.sort()).toEqual(entities.map((e) => e.id).sort());
  });

  it('has the breadth the product needs', () => {
    const count = (type: string) => entities.filter((e) => e.type === type).length;
    expect(entities.length).toBeGreaterThanOrEqual(250);
    expect(count('state')).toBeGreaterThanOrEqual(25);
    expect(count('organization')).toBeGreaterThanOrEqual(20);
    expect(count('person')).toBeGreaterThanOrEqual(40);
    expect(count('place')).toBeGreaterThanOrEqual(50);
    expect(count('corridor')).toBeGreaterThanOrEqual(40);
    expect(count('company')).toBeGreaterThanOrEqual(15);
    expect(count('event')).toBeGreaterThanOrEqual(30);
  });

  it('contested names carry a naming note', () => {
    for (const id of [
      'karabakh',
      'syunik',
      'khankendi',
      'shusha',
      'zangezur-corridor',
      'tripp',
      'crossroads-of-peace',
    ]) {
      expect(byId.get(id)?.naming, id).toBeDefined();
    }
  });

  it('declares context rules for the known false friends', () => {
    const ruled = (id: string, text: string) =>
      (byId.get(id)?.ambiguity ?? []).some((r) => collisionKey(r.text) === collisionKey(text));
    expect(ruled('georgia', 'Georgia')).toBe(true);
    expect(ruled('turkey', 'Turkey')).toBe(true);
    expect(ruled('armenia', 'Armenia')).toBe(true);
    expect(ruled('baku-tbilisi-ceyhan-pipeline', 'BTC')).toBe(true);
    expect(ruled('tap', 'TAP')).toBe(true);
    expect(ruled('bp', 'BP')).toBe(true);
  });

  // The seed article (read from ../shared, never copied): every actor and corridor it names.
  const seed = readFileSync(
    fileURLToPath(new URL('../../../shared/seed/000_b736441b3aa5ae65.txt', import.meta.url)),
    'utf8',
  );
  const named: [string, string][] = [
    ['Azerbaijan', 'azerbaijan'],
    ['Russia', 'russia'],
    ['Iran', 'iran'],
    ['Armenia', 'armenia'],
    ['Turkey', 'turkey'],
    ['Israel', 'israel'],
    ['United States', 'united-states'],
    ['South Caucasus', 'south-caucasus'],
    ['Second Karabakh War', 'second-karabakh-war'],
    ['Baku', 'baku'],
    ['Moscow', 'moscow'],
    ['Tehran', 'tehran'],
    ['Organization of Turkic States', 'organization-of-turkic-states'],
    ['Southern Gas Corridor', 'southern-gas-corridor'],
    ['European Union', 'european-union'],
    ['EU', 'european-union'],
    ['Zangezur corridor', 'zangezur-corridor'],
    ['Europe', 'europe'],
    ['Eurasia', 'eurasia'],
    ['Middle East', 'middle-east'],
  ];
  it.each(named)('the seed names "%s": entity %s exists and is known by that name', (surface, id) => {
    expect(seed).toContain(surface);
    const entity = byId.get(id);
    expect(entity, id).toBeDefined();
    if (entity) expect(surfaceForms(entity).map(collisionKey)).toContain(collisionKey(surface));
  });
});
