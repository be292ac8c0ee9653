/**
 * Context rules for ambiguous names (Georgia the US state, turkey the bird, BTC the coin...). A ruled
 * name is kept when a cue word is near, dropped when a veto word is near, and otherwise kept only
 * when the paragraph or the page is about the region: other, unambiguous regional entities occur.
 */

import type { CompiledRule } from './compiled.ts';
import { Folder, isWordCode, SPACE } from './fold.ts';
import type { Recognizer, Spans } from './recognizer.ts';

/** Recognizer.aliasRank bit of names a context rule decides. */
export const RULED = 4;

export interface ContextInput {
  rec: Recognizer;
  text: string;
  spans: Spans;
  pageRegional?: ReadonlySet<number> | undefined;
}

/** Per span, the candidate kept (-1: none); for ruled names, which context decided. */
export interface Picks {
  candidate: Int32Array;
  context: Map<number, string>;
}

/** Characters of text around a mention searched for cue and veto words. */
const WINDOW = 300;
/** Distinct other regional entities on the page that make a page "about the region". */
const PAGE_EVIDENCE = 2;
/** ...or in its paragraph (a paragraph that names several is about the region). */
const PARAGRAPH_EVIDENCE = 2;

/** Entities on the page (from unambiguous names) that tell the text is about the region. */
export function regionalEvidence(rec: Recognizer, spans: Spans): Set<number> {
  const set = new Set<number>();
  for (let s = 0; s < spans.start.length; s++) {
    const alias = spans.alias[spans.first[s] as number] as number;
    if (rec.aliasRegional[alias]) set.add(rec.aliases.entity[alias] as number);
  }
  return set;
}

/** First index in the ascending `list` whose value (through `key`) is at least `at`. */
function lowerBound(list: readonly number[], at: number, key: (x: number) => number = (x) => x): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Folded index, in `f`, of the span or mention starting at unit `part` of original index `at`. */
function unitAt(f: Folder, at: number, part: number): number {
  let lo = 0;
  let hi = f.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((f.origin[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  while (part && lo < f.length && f.origin[lo] === at && (f.part[lo] as number) < part) lo++;
  return lo;
}

/** Regional spans (unambiguous names of regional entities) in text order, and their entities. */
interface Regional {
  span: number[];
  entity: number[];
}

/** Is another regional entity named within folded [from, to) of the paragraph folded in `f`? */
function nearbyOthers(
  spans: Spans,
  regional: Regional,
  f: Folder,
  from: number,
  to: number,
  self: number,
): boolean {
  for (
    let i = lowerBound(regional.span, f.origin[from] as number, (s) => spans.start[s] as number);
    i < regional.span.length;
    i++
  ) {
    const s = regional.span[i] as number;
    const unit = unitAt(f, spans.start[s] as number, spans.part[s] as number);
    if (unit >= to) break;
    if (unit >= from && regional.entity[i] !== self) return true;
  }
  return false;
}

/** Are there at least `enough` distinct regional entities other than `self` in original [from, to)? */
function othersIn(
  spans: Spans,
  regional: Regional,
  from: number,
  to: number,
  self: number,
  enough: number,
): boolean {
  const seen: number[] = [];
  for (
    let i = lowerBound(regional.span, from, (s) => spans.start[s] as number);
    i < regional.span.length;
    i++
  ) {
    if ((spans.start[regional.span[i] as number] as number) >= to) break;
    const e = regional.entity[i] as number;
    if (e !== self && !seen.includes(e)) seen.push(e);
    if (seen.length >= enough) return true;
  }
  return false;
}

function countOthers(set: Set<number>, self: number): number {
  let n = 0;
  for (const e of set) if (e !== self) n++;
  return n;
}

interface Near {
  word: string;
  distance: number;
}

/**
 * Each rule's cue and veto words (cue first), their indexes by first unit, and a bitmap of the first
 * units that rules out most window positions at once; built when first needed.
 */
const ruleWords = new WeakMap<
  CompiledRule,
  { words: string[]; byFirst: Map<number, number[]>; firsts: Uint32Array }
>();

/**
 * The cue word and the veto word starting nearest to the mention (prefix matches at word starts),
 * in one pass over the window: folded units [from, to) of `f` with a space either side, the mention
 * starting at unit `mention`. On a tie the word listed first wins.
 */
function nearest(
  f: Folder,
  from: number,
  to: number,
  mention: number,
  rule: CompiledRule,
): { cue: Near | null; veto: Near | null } {
  let known = ruleWords.get(rule);
  if (!known) {
    known = { words: [...rule.cue, ...rule.veto], byFirst: new Map(), firsts: new Uint32Array(2048) };
    for (let k = 0; k < known.words.length; k++) {
      const first = (known.words[k] as string).charCodeAt(0);
      known.byFirst.set(first, [...(known.byFirst.get(first) ?? []), k]);
      known.firsts[first >> 5] = (known.firsts[first >> 5] as number) | (1 << (first & 31));
    }
    ruleWords.set(rule, known);
  }
  const { words, byFirst, firsts } = known;
  // Window position i is unit from + i - 1; positions 0 and length - 1 are the spaces.
  const length = to - from + 2;
  const unit = (i: number) => (i === 0 || i === length - 1 ? SPACE : (f.codes[from + i - 1] as number));
  const at = mention - from + 1;
  const codes = f.codes;
  const best: (Near & { k: number })[] = []; // [cue, veto]
  let before = -1; // the unit at i - 1
  for (let i = 0; i < length; i++) {
    const c = i === 0 || i === length - 1 ? SPACE : (codes[from + i - 1] as number);
    const prev = before;
    before = c;
    if (!((firsts[c >> 5] as number) & (1 << (c & 31)))) continue;
    if (prev >= 0 && isWordCode(prev)) continue;
    for (const k of byFirst.get(c) ?? []) {
      const word = words[k] as string;
      let m = 1;
      while (m < word.length && i + m < length && unit(i + m) === word.charCodeAt(m)) m++;
      if (m < word.length) continue;
      const distance = i + word.length <= at ? at - (i + word.length) : i >= at ? i - at : 0;
      const list = k < rule.cue.length ? 0 : 1;
      const b = best[list];
      if (!b || distance < b.distance || (distance === b.distance && k < b.k))
        best[list] = { word, distance, k };
    }
  }
  const near = (b: (Near & { k: number }) | undefined) => (b ? { word: b.word, distance: b.distance } : null);
  return { cue: near(best[0]), veto: near(best[1]) };
}

export function resolveAmbiguous(input: ContextInput): Picks {
  const { rec, text, spans } = input;
  const spanCount = spans.start.length;
  const picks: Picks = { candidate: new Int32Array(spanCount).fill(-1), context: new Map() };
  const regional: Regional = { span: [], entity: [] };
  for (let s = 0; s < spanCount; s++) {
    const alias = spans.alias[spans.first[s] as number] as number;
    if (!rec.aliasRegional[alias]) continue;
    regional.span.push(s);
    regional.entity.push(rec.aliases.entity[alias] as number);
  }
  // Built when the first ruled name needs them: most texts have none.
  let lineStarts: number[] | undefined;
  let page: Set<number> | undefined;
  const decided = new Map<number, string>(); // (paragraph, rule, entity) -> context ('' = rejected)
  // Windows are measured in folded units: the paragraph of a ruled name is folded (from its start,
  // so as the whole text would fold), once, as far as the names in it need.
  const folded = new Folder();
  let foldedParagraph = -1;
  for (let s = 0; s < spanCount; s++) {
    for (let c = spans.first[s] as number; c < (spans.first[s + 1] as number); c++) {
      if (!((rec.aliasRank[spans.alias[c] as number] as number) & RULED)) {
        picks.candidate[s] = c;
        break;
      }
      const a = spans.alias[c] as number;
      const ruleIndex = rec.aliases.rule[a] as number;
      const entity = rec.aliases.entity[a] as number;
      const rule = rec.rules[ruleIndex] as CompiledRule;
      const start = spans.start[s] as number;
      if (!lineStarts) {
        lineStarts = [0];
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
      }
      const p = lowerBound(lineStarts, start + 1) - 1; // the paragraph (line) of the mention
      // A short paragraph is its own window, so the decision holds for every mention in it.
      const key = (p * rec.rules.length + ruleIndex) * rec.entities.length + entity;
      let context = decided.get(key);
      if (context === undefined) {
        const pStart = lineStarts[p] as number;
        const pEnd = lineStarts[p + 1] ?? text.length;
        if (foldedParagraph !== p) {
          folded.start(text, pStart);
          foldedParagraph = p;
        }
        folded.fill(0, start);
        const fStart = unitAt(folded, start, spans.part[s] as number);
        const fEnd = fStart + (spans.units[s] as number);
        const from = Math.max(0, fStart - WINDOW);
        folded.fill(fEnd + WINDOW);
        let to = fEnd;
        while (to < folded.length && (folded.origin[to] as number) < pEnd && to - fEnd < WINDOW) to++;
        const whole = from === 0 && (to === folded.length || (folded.origin[to] as number) >= pEnd);
        // The window keeps the mention itself, so a cue or veto phrase containing it counts
        // ("جمهوری آذربایجان" confirms, "آذربایجان شرقی" vetoes).
        const { cue, veto } = nearest(folded, from, to, fStart, rule);
        // The nearer of cue and veto decides; then the region, for names that need it.
        if (cue && (!veto || cue.distance <= veto.distance)) context = `context:cue "${cue.word}"`;
        else if (veto) context = '';
        else if (rule.requires === 'no-veto') context = 'context:no-veto';
        else if (nearbyOthers(spans, regional, folded, from, to, entity)) context = 'context:nearby';
        else if (othersIn(spans, regional, pStart, pEnd, entity, PARAGRAPH_EVIDENCE))
          context = 'context:paragraph';
        else {
          if (!page) {
            page = new Set(input.pageRegional);
            for (const e of regional.entity) page.add(e);
          }
          context = countOthers(page, entity) >= PAGE_EVIDENCE ? 'context:page' : '';
        }
        if (whole) decided.set(key, context);
      }
      if (context) {
        picks.candidate[s] = c;
        picks.context.set(s, context);
        break;
      }
    }
  }
  return picks;
}
