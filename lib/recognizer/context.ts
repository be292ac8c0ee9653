/**
 * Context rules for ambiguous names (Georgia the US state, turkey the bird, BTC the coin...). A ruled
 * name is kept when a cue word is near, dropped when a veto word is near, and otherwise kept only
 * when the paragraph or the page is about the region: other, unambiguous regional entities occur.
 */

import type { FoldedText } from './fold.ts';
import { foldString, isWordCode } from './fold.ts';
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

function containsWord(haystack: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(word, from);
    if (at < 0) return false;
    // A word start: prefix matches are fine (cue "karabakh" finds "karabakh's", "карабахе").
    if (at === 0 || !isWordCode(haystack.charCodeAt(at - 1))) return true;
    from = at + 1;
  }
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
  for (const span of spans) {
    const top = span[0];
    if (!top) continue;
    const alias = rec.aliases[top.alias];
    if (!alias || alias.r >= 0 || !rec.entities[alias.e]?.regional) continue;
    page.add(alias.e);
    const p = paragraphOf(folded.origin[top.fStart] as number);
    const set = byParagraph.get(p) ?? new Set<number>();
    set.add(alias.e);
    byParagraph.set(p, set);
  }

  const picks: Pick[] = [];
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
      const end = folded.originEnd[candidate.fEnd - 1] as number;
      const p = paragraphOf(start);
      const pStart = Math.max(lineStarts[p] as number, start - WINDOW);
      const pEnd = Math.min(lineStarts[p + 1] ?? text.length, end + WINDOW);
      const window = ` ${foldString(text.slice(pStart, start))} ${foldString(text.slice(end, pEnd))} `;
      const cue = rule.cue.find((w) => containsWord(window, w));
      const veto = rule.veto.find((w) => containsWord(window, w));
      let context: string | undefined;
      if (cue) context = `context:cue "${cue}"`;
      else if (veto) context = undefined;
      else {
        const others = (set: Set<number> | undefined) => [...(set ?? [])].filter((e) => e !== alias.e).length;
        if (others(byParagraph.get(p)) >= 1) context = 'context:paragraph';
        else if (others(page) >= PAGE_EVIDENCE) context = 'context:page';
      }
      if (context) {
        picks.push({ candidate, context });
        break;
      }
    }
  }
  return picks;
}
