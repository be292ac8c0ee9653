/**
 * Passage anchors as W3C Web Annotation selectors over a page's text: a TextQuoteSelector (the quote
 * with 32 characters on each side) and a TextPositionSelector. Finding a passage again tries, in
 * order: the recorded position, exact occurrences of the quote (best context wins), then approximate
 * matches (approx-string-match, Myers' bit-parallel algorithm), scored on quote, prefix, suffix and
 * position as Hypothesis does. Pure: works on a string, so it is tested in Node.
 */
import search from 'approx-string-match';

/** W3C Web Annotation selectors for a passage: the quote with its surroundings, and its position. */
export interface PassageTarget {
  quote: { exact: string; prefix: string; suffix: string };
  position: { start: number; end: number };
}

export const CONTEXT_CHARS = 32;
/** Below this similarity of the quote itself, the passage is gone: an orphan, not a guess. */
const MIN_QUOTE_SIMILARITY = 0.75;
const MAX_CANDIDATES = 16;

export interface Anchor {
  start: number;
  end: number;
  /** 'position': where it was; 'quote': found elsewhere unchanged; 'fuzzy': found changed. */
  how: 'position' | 'quote' | 'fuzzy';
}

export function describePassage(text: string, start: number, end: number): PassageTarget {
  return {
    quote: {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
      suffix: text.slice(end, end + CONTEXT_CHARS),
    },
    position: { start, end },
  };
}

/** Similarity 0..1 of `pattern` to the best match of it within `text` (1 = found unchanged). */
function similarity(text: string, pattern: string): number {
  if (!pattern || text.includes(pattern)) return 1;
  const best = search(text, pattern, pattern.length)[0];
  return best ? 1 - best.errors / pattern.length : 0;
}

/**
 * How well a match fits: its quote, its context and its position. Returns -Infinity as soon as it
 * cannot reach `toBeat` (the score with the contexts not yet compared taken as perfect is the most
 * it can be), so a quote repeated hundreds of times costs few context comparisons.
 */
function score(
  text: string,
  target: PassageTarget,
  start: number,
  end: number,
  quoteSim: number,
  toBeat = Number.NEGATIVE_INFINITY,
): number {
  const { prefix, suffix } = target.quote;
  const distance = Math.abs(start - target.position.start);
  const positionSim = 1 - distance / Math.max(1, text.length);
  // Weights after Hypothesis' match-quote: the quote matters most, then its context, then position.
  const of = (prefixSim: number, suffixSim: number) =>
    (50 * quoteSim + 20 * prefixSim + 20 * suffixSim + 2 * positionSim) / 92;
  if (of(1, 1) < toBeat) return Number.NEGATIVE_INFINITY;
  const before = text.slice(Math.max(0, start - prefix.length - 8), start);
  const prefixSim = prefix ? similarity(before, prefix) : 1;
  if (of(prefixSim, 1) < toBeat) return Number.NEGATIVE_INFINITY;
  const after = text.slice(end, end + suffix.length + 8);
  return of(prefixSim, suffix ? similarity(after, suffix) : 1);
}

export function anchorPassage(text: string, target: PassageTarget): Anchor | null {
  const { exact } = target.quote;
  if (!exact) return null;
  const { start, end } = target.position;
  if (text.slice(start, end) === exact) return { start, end, how: 'position' };

  // Exact occurrences: the one whose context and position fit best (the first in the text of equals).
  // Nearest the old position first: the best is then usually found early and the others cut short.
  const occurrences: number[] = [];
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) occurrences.push(at);
  occurrences.sort((a, b) => Math.abs(a - start) - Math.abs(b - start));
  let best: { start: number; score: number } | null = null;
  for (const at of occurrences) {
    const s = score(text, target, at, at + exact.length, 1, best?.score);
    if (!best || s > best.score || (s === best.score && at < best.start)) best = { start: at, score: s };
  }
  if (best) return { start: best.start, end: best.start + exact.length, how: 'quote' };

  // Approximate: near the old position first (cheap on a large page), then the whole text.
  const maxErrors = Math.min(256, Math.floor(exact.length * (1 - MIN_QUOTE_SIMILARITY)));
  const margin = exact.length * 4 + 256;
  const windowStart = Math.max(0, start - margin);
  const near = search(text.slice(windowStart, end + margin), exact, maxErrors).map((m) => ({
    start: m.start + windowStart,
    end: m.end + windowStart,
    errors: m.errors,
  }));
  const matches = near.length ? near : search(text, exact, maxErrors);
  let fuzzy: (Anchor & { score: number }) | null = null;
  // Repetitive text yields hundreds of equally good matches: the context decides among the closest few.
  const closest = matches.sort((a, b) => a.errors - b.errors).slice(0, MAX_CANDIDATES);
  for (const m of closest) {
    const quoteSim = 1 - m.errors / exact.length;
    if (quoteSim < MIN_QUOTE_SIMILARITY) continue;
    const s = score(text, target, m.start, m.end, quoteSim, fuzzy?.score);
    if (!fuzzy || s > fuzzy.score) fuzzy = { start: m.start, end: m.end, how: 'fuzzy', score: s };
  }
  return fuzzy ? { start: fuzzy.start, end: fuzzy.end, how: fuzzy.how } : null;
}
