/** The smallest entity the knowledge-base schema accepts, with `extra` fields over it. */
import type { Entity } from '../../lib/kb/schema.ts';

export function testEntity(id: string, extra: Record<string, unknown> = {}): Entity {
  return {
    id,
    type: 'state',
    subtype: 'country',
    names: { en: [id], ru: [id], az: [id], hy: [id], ka: [id], tr: [id], fa: [id] },
    summary: 'A test entity with a summary long enough to pass the schema check of eighty characters.',
    sources: ['https://example.org/'],
    asOf: '2026-11-01',
    ...extra,
  } as Entity;
}
