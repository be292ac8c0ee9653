/**
 * Context rules for ambiguous names (Georgia the US state, turkey the bird, BTC the coin...). A ruled
 * name is kept when a cue word is near, dropped when a veto word is near, and otherwise kept only
 * when the paragraph or the page is about the region: other, unambiguous regional entities occur.
 */

import type { FoldedText } from './fold.ts';
import { isWordCode } from './fold.ts';
import type { Candidate, Recognizer } from './recognizer.ts';

export interface ContextInput {
  rec: Recognizer;
  text: string;
  folded: FoldedText;
  spans: Candidate[][];
  pageRegional?: ReadonlySet<number> | undefined;
}

export interface Pick {
  candidate: Candidate;
  /** Which context decided, for ruled names. */
  context?: string;
}

/** Characters of text around a mention searched for cue and veto words. */
const WINDOW = 300;
/** Distinct other regional entities on the page that make a page "about the region". */
const PAGE_EVIDENCE = 2;
/** ...or in its paragraph (a paragraph that names several is about the region). */
const PARAGRAPH_EVIDENCE = 2;

/** Entities on the page (from unambiguous names) that tell the text is about the region. */
export function regionalEvidence(rec: Recognizer, spans: readonly Candidate[][]): Set<number> {
  const set = new Set<number>();
  for (const span of spans) {
    const top = span[0];
    if (!top) continue;
    const alias = rec.aliases[top.alias];
    if (alias && alias.r < 0 && rec.entities[alias.e]?.regional) set.add(alias.e);
  }
  return set;
}

/** Is another regional entity named within the window [from, to) (folded offsets)? */
function nearbyOthers(
  list: readonly { at: number; e: number }[],
  from: number,
  to: number,
  self: number,
): boolean {
  // The list is in text order: binary search for the first mention at or after `from`.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as { at: number }).at < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length; i++) {
    const r = list[i] as { at: number; e: number };
    if (r.at >= to) break;
    if (r.e !== self) return true;
  }
  return false;
}

function countOthers(set: Set<number> | undefined, self: number): number {
  let n = 0;
  for (const e of set ?? []) if (e !== self) n++;
  return n;
}

/** The cue or veto word starting nearest to `at` in the window (prefix matches at word starts). */
function nearest(
  window: string,
  words: readonly string[],
  at: number,
): { word: string; distance: number } | null {
  let best: { word: string; distance: number } | null = null;
  for (const word of words) {
    for (let i = window.indexOf(word); i >= 0; i = window.indexOf(word, i + 1)) {
      if (i > 0 && isWordCode(window.charCodeAt(i - 1))) continue;
      const distance = i + word.length <= at ? at - (i + word.length) : i >= at ? i - at : 0;
      if (!best || distance < best.distance) best = { word, distance };
    }
  }
  return best;
}

export function resolveAmbiguous(input: ContextInput): Pick[] {
  const { rec, text, folded, spans } = input;
  const lineStarts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const paragraphOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const page = new Set(input.pageRegional ?? []);
  const byParagraph = new Map<number, Set<number>>();
  const regionalAt: { at: number; e: number }[] = []; // folded start of each unambiguous regional mention
  for (const span of spans) {
    const top = span[0];
    if (!top) continue;
    const alias = rec.aliases[top.alias];
    if (!alias || alias.r >= 0 || !rec.entities[alias.e]?.regional) continue;
    page.add(alias.e);
    const p = paragraphOf(folded.origin[top.fStart] as number);
    regionalAt.push({ at: top.fStart, e: alias.e });
    const set = byParagraph.get(p) ?? new Set<number>();
    set.add(alias.e);
    byParagraph.set(p, set);
  }

  const picks: Pick[] = [];
  const decided = new Map<string, string>(); // paragraph:rule:entity -> context ('' = rejected)
  for (const span of spans) {
    for (const candidate of span) {
      const alias = rec.aliases[candidate.alias];
      if (!alias) continue;
      if (alias.r < 0) {
        picks.push({ candidate });
        break;
      }
      const rule = rec.rules[alias.r];
      if (!rule) continue;
      const start = folded.origin[candidate.fStart] as number;
      const p = paragraphOf(start);
      // A short paragraph is its own window, so the decision holds for every mention in it.
      const key = `${p}:${alias.r}:${alias.e}`;
      let context = decided.get(key);
      if (context === undefined) {
        const pStart = lineStarts[p] as number;
        const pEnd = lineStarts[p + 1] ?? text.length;
        let from = candidate.fStart;
        while (from > 0 && (folded.origin[from - 1] as number) >= pStart && candidate.fStart - from < WINDOW)
          from--;
        let to = candidate.fEnd;
        while (to < folded.length && (folded.origin[to] as number) < pEnd && to - candidate.fEnd < WINDOW)
          to++;
        const whole =
          (from === 0 || (folded.origin[from - 1] as number) < pStart) &&
          (to === folded.length || (folded.origin[to] as number) >= pEnd);
        // The folded text around the mention, within its paragraph: no need to fold it again.
        const units = (a: number, b: number) =>
          String.fromCharCode.apply(null, folded.codes.subarray(a, b) as unknown as number[]);
        // The window keeps the mention itself, so a cue or veto phrase containing it counts
        // ("جمهوری آذربایجان" confirms, "آذربایجان شرقی" vetoes).
        const left = ` ${units(from, candidate.fStart)}`;
        const window = `${left}${units(candidate.fStart, to)} `;
        const at = left.length;
        const cue = nearest(window, rule.cue, at);
        const veto = nearest(window, rule.veto, at);
        // The nearer of cue and veto decides; then the region, for names that need it.
        if (cue && (!veto || cue.distance <= veto.distance)) context = `context:cue "${cue.word}"`;
        else if (veto) context = '';
        else if (rule.requires === 'no-veto') context = 'context:no-veto';
        else if (nearbyOthers(regionalAt, from, to, alias.e)) context = 'context:nearby';
        else if (countOthers(byParagraph.get(p), alias.e) >= PARAGRAPH_EVIDENCE)
          context = 'context:paragraph';
        else if (countOthers(page, alias.e) >= PAGE_EVIDENCE) context = 'context:page';
        else context = '';
        if (whole) decided.set(key, context);
      }
      if (context) {
        picks.push({ candidate, context });
        break;
      }
    }
  }
  return picks;
}
