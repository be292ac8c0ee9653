/**
 * Recognition of a page's blocks, as the background does it for a content script: the blocks sent
 * together are judged together (the regional names of the page decide its ambiguous ones, Georgia on
 * a page about Tbilisi), and the answer names entities by id, which the page side understands.
 */
import type { EntityType } from '../kb/schema.ts';
import { mentionsOf, type Recognizer, regionalEvidence, type Spans, scan } from './recognizer.ts';

export interface BlockMention {
  /** Offsets in the block's text, UTF-16 code units. */
  start: number;
  end: number;
  entityId: string;
  entityType: EntityType;
}

export interface BlocksResult {
  /** Regional entities these blocks name: evidence for the rest of the page. */
  regional: string[];
  /** Per block, its mentions (empty arrays when only the evidence was asked for). */
  mentions: BlockMention[][];
}

const indexes = new WeakMap<Recognizer, Map<string, number>>();

function indexOf(rec: Recognizer): Map<string, number> {
  let index = indexes.get(rec);
  if (!index) {
    index = new Map(rec.entities.map((e, i) => [e.id, i]));
    indexes.set(rec, index);
  }
  return index;
}

/** `pageRegional`: regional entities found earlier on the page (earlier requests). */
export function recognizeBlocks(
  rec: Recognizer,
  texts: readonly string[],
  pageRegional: readonly string[],
): BlocksResult {
  // Each text is scanned once: its spans give the evidence, then the mentions.
  const spans = texts.map((text) => scan(rec, text).spans);
  const own = new Set<number>();
  for (const s of spans) for (const e of regionalEvidence(rec, s)) own.add(e);
  const regional = [...own].map((e) => rec.entities[e]?.id as string);
  const index = indexOf(rec);
  const page = new Set(own);
  for (const id of pageRegional) {
    const e = index.get(id);
    if (e !== undefined) page.add(e);
  }
  const mentions = texts.map((text, t) =>
    mentionsOf(rec, text, spans[t] as Spans, { pageRegional: page }).map((m) => ({
      start: m.start,
      end: m.end,
      entityId: m.entityId,
      entityType: m.entityType,
    })),
  );
  return { regional, mentions };
}
