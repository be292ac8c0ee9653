/**
 * Scores the recognizer on the labelled development set (tests/recognizer/devset/*.json) and on the
 * seed article: exact span and entity, per language; demonyms scored apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Recognizer, recognize } from '../../lib/recognizer/index.ts';
import { SEED_DEMONYMS, SEED_MENTIONS } from './seed-labels.ts';

interface Passage {
  id: string;
  text: string;
  mentions: [string, string][];
  demonyms?: [string, string][];
}

export interface Scored {
  tp: number;
  fp: number;
  fn: number;
}

export interface Evaluation {
  byLang: Record<string, Scored>;
  demonyms: Scored;
  overall: Scored;
  errors: { passage: string; kind: 'fp' | 'fn'; text: string; entityId: string }[];
  passages: number;
}

const DEVSET = fileURLToPath(new URL('./devset/', import.meta.url));
const SEED = fileURLToPath(new URL('../../../shared/seed/000_b736441b3aa5ae65.txt', import.meta.url));

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}\p{M}]/u.test(ch);

/** Gold spans: each surface found after the previous one, on word boundaries. */
export function goldSpans(
  text: string,
  labels: [string, string][],
  where: string,
): { start: number; end: number; id: string }[] {
  const out: { start: number; end: number; id: string }[] = [];
  let cursor = 0;
  for (const [surface, id] of labels) {
    let at = text.indexOf(surface, cursor);
    while (at >= 0 && (isWordChar(text[at - 1]) || isWordChar(text[at + surface.length])))
      at = text.indexOf(surface, at + 1);
    if (at < 0) throw new Error(`${where}: label "${surface}" not found in order`);
    out.push({ start: at, end: at + surface.length, id });
    cursor = at + surface.length;
  }
  return out;
}

export function loadDevset(): { lang: string; passages: Passage[] }[] {
  const sets = readdirSync(DEVSET)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(DEVSET + f, 'utf8')) as { lang: string; passages: Passage[] });
  sets.push({
    lang: 'en',
    passages: [
      { id: 'seed', text: readFileSync(SEED, 'utf8'), mentions: SEED_MENTIONS, demonyms: SEED_DEMONYMS },
    ],
  });
  return sets;
}

const empty = (): Scored => ({ tp: 0, fp: 0, fn: 0 });
function add(into: Scored, from: Scored): void {
  into.tp += from.tp;
  into.fp += from.fp;
  into.fn += from.fn;
}

function compare(
  gold: { start: number; end: number; id: string }[],
  predicted: { start: number; end: number; entityId: string; text: string }[],
  passage: string,
  text: string,
  errors: Evaluation['errors'],
): Scored {
  const s = empty();
  const key = (start: number, end: number, id: string) => `${start}:${end}:${id}`;
  const goldKeys = new Set(gold.map((g) => key(g.start, g.end, g.id)));
  const predKeys = new Set(predicted.map((p) => key(p.start, p.end, p.entityId)));
  for (const p of predicted) {
    if (goldKeys.has(key(p.start, p.end, p.entityId))) s.tp++;
    else {
      s.fp++;
      errors.push({ passage, kind: 'fp', text: p.text, entityId: p.entityId });
    }
  }
  for (const g of gold) {
    if (!predKeys.has(key(g.start, g.end, g.id))) {
      s.fn++;
      errors.push({ passage, kind: 'fn', text: text.slice(g.start, g.end), entityId: g.id });
    }
  }
  return s;
}

export function evaluate(rec: Recognizer): Evaluation {
  const result: Evaluation = { byLang: {}, demonyms: empty(), overall: empty(), errors: [], passages: 0 };
  for (const set of loadDevset()) {
    const lang = set.lang;
    result.byLang[lang] ??= empty();
    for (const passage of set.passages) {
      result.passages++;
      const all = recognize(rec, passage.text, { demonyms: true });
      const names = all.filter((m) => !m.demonym);
      const demonyms = all.filter((m) => m.demonym);
      const gold = goldSpans(passage.text, passage.mentions, passage.id);
      const scored = compare(gold, names, passage.id, passage.text, result.errors);
      add(result.byLang[lang] as Scored, scored);
      add(result.overall, scored);
      const goldDemonyms = goldSpans(passage.text, passage.demonyms ?? [], `${passage.id} demonyms`);
      add(result.demonyms, compare(goldDemonyms, demonyms, `${passage.id} (demonym)`, passage.text, []));
    }
  }
  return result;
}

export const precision = (s: Scored) => (s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1);
export const recall = (s: Scored) => (s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1);
