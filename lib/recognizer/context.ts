/**
 * Context rules for ambiguous names (Georgia the US state, turkey the bird, BTC the coin...). A ruled
 * name is kept when a cue word is near, dropped when a veto word is near, and otherwise kept only
 * when the paragraph or the page is about the region: other, unambiguous regional entities occur.
 */

import type { CompiledRule } from './compiled.ts';
import {
  ARM_ECH,
  ARM_VEW,
  ARM_YIWN,
  charFold,
  charLength,
  DASH,
  isWordCode,
  KIND_EMPTY,
  KIND_SINGLE,
  kindOf,
  SINGLE,
  SPACE,
} from './fold.ts';
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

/** Regional spans (unambiguous names of regional entities) in text order, and their entities. */
interface Regional {
  span: number[];
  entity: number[];
}

/** Are there at least `enough` distinct regional entities other than `self` named in [from, to)? */
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

/**
 * Every rule's cue and veto words (folded) in one trie, so that a paragraph is read once for all of
 * them: a word starts at a word start and may end inside a longer word (армени). Children are runs
 * of (label, node) pairs; the root's, by far the widest, a table by unit.
 */
interface RuleWords {
  /** Child of the root by unit, or 0. */
  rootChild: Int32Array;
  /** Per node: where its children start in label/target, and how many. */
  childStart: Int32Array;
  childCount: Int32Array;
  label: Uint16Array;
  target: Int32Array;
  /** Per node, the word ending there, or -1. */
  wordAt: Int32Array;
  /** Per rule: word -> its first index in the rule's cue-then-veto list. */
  index: Map<number, number>[];
  /** Per node, a bit per rule whose words pass through it (`stride` Int32s): a paragraph is read
   * for the words of the rule at hand only, and most word starts leave them at the first letter. */
  rules: Int32Array;
  stride: number;
  /** How reading treats each BMP code unit (classify), filled in as characters are first seen. */
  charClass: Uint8Array;
}

// Character classes for reading a paragraph (0: not yet seen).
const START = 1; // folds to one letter or digit some word starts with
const LETTER = 2; // folds to one other letter or digit
const OTHER = 3; // folds to one unit that is not a letter or digit
const EMPTY = 4; // folds to nothing
const SEVERAL = 5; // folds to several units, or is half of a surrogate pair

function classify(words: RuleWords, code: number): number {
  let kind = SEVERAL;
  if (code < 0xd800 || code > 0xdfff) {
    const fold = kindOf(code);
    const unit = SINGLE[code] as number;
    if (fold === KIND_EMPTY) kind = EMPTY;
    else if (fold === KIND_SINGLE) kind = !isWordCode(unit) ? OTHER : words.rootChild[unit] ? START : LETTER;
  }
  words.charClass[code] = kind;
  return kind;
}

const ruleWordsCache = new WeakMap<readonly CompiledRule[], RuleWords>();

function ruleWordsOf(rules: readonly CompiledRule[]): RuleWords {
  const known = ruleWordsCache.get(rules);
  if (known) return known;
  const children: Map<number, number>[] = [new Map()];
  const wordAt: number[] = [-1];
  const ids = new Map<string, number>();
  const paths: number[][] = []; // per rule, the nodes its words pass through
  const index = rules.map((rule) => {
    const path: number[] = [];
    paths.push(path);
    const first = new Map<number, number>();
    [...rule.cue, ...rule.veto].forEach((word, k) => {
      // Down the word's path, made where missing; every node on it carries this rule's bit.
      let node = 0;
      for (let i = 0; i < word.length; i++) {
        const unit = word.charCodeAt(i);
        let child = children[node]?.get(unit);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          wordAt.push(-1);
          children[node]?.set(unit, child);
        }
        node = child;
        path.push(node);
      }
      let id = ids.get(word);
      if (id === undefined) {
        id = ids.size;
        ids.set(word, id);
        wordAt[node] = id;
      }
      if (!first.has(id)) first.set(id, k);
    });
    return first;
  });
  const n = children.length;
  const stride = (rules.length + 31) >> 5;
  const bits = new Int32Array(n * stride);
  paths.forEach((path, r) => {
    for (const node of path) {
      const at = node * stride + (r >> 5);
      bits[at] = (bits[at] as number) | (1 << (r & 31));
    }
  });
  const words: RuleWords = {
    rootChild: new Int32Array(65536),
    childStart: new Int32Array(n),
    childCount: new Int32Array(n),
    label: new Uint16Array(n),
    target: new Int32Array(n),
    wordAt: Int32Array.from(wordAt),
    index,
    rules: bits,
    stride,
    charClass: new Uint8Array(65536),
  };
  let at = 0;
  children.forEach((map, node) => {
    words.childStart[node] = at;
    words.childCount[node] = map.size;
    for (const [unit, child] of [...map].sort((x, y) => x[0] - y[0])) {
      if (node === 0) words.rootChild[unit] = child;
      words.label[at] = unit;
      words.target[at++] = child;
    }
  });
  ruleWordsCache.set(rules, words);
  return words;
}

/** Do words of rule `r` pass through `node`? */
const ofRule = (words: RuleWords, node: number, r: number) =>
  ((words.rules[node * words.stride + (r >> 5)] as number) & (1 << (r & 31))) !== 0;

/** The child of a non-root `node` of the words' trie labelled `unit`, or 0. */
function childOf(words: RuleWords, node: number, unit: number): number {
  let lo = words.childStart[node] as number;
  let hi = lo + (words.childCount[node] as number) - 1;
  // Labels are sorted: most nodes have one child, the few wide ones are searched by halves.
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    if ((words.label[mid] as number) < unit) lo = mid + 1;
    else hi = mid;
  }
  for (let c = lo; c <= hi; c++) if (words.label[c] === unit) return words.target[c] as number;
  return 0;
}

/**
 * One rule's cue and veto words found in the original text of one paragraph, in order of their
 * start, as far as it has been read: windows move forward through a paragraph, so it is read once.
 * The text is read as Folder would fold it (case, diacritics, runs of spaces, spaces at a dash),
 * without building the folded copy: most word starts fail at the first letter.
 */
class Occurrences {
  start: number[] = [];
  end: number[] = [];
  word: number[] = [];
  /** The paragraph's end (original index), and the rule whose words are looked for. */
  private to = 0;
  private rule = 0;
  /** Word starts before this original index have been looked at; whether a word goes on there. */
  private readTo = 0;
  private inWord = false;

  reset(from: number, to: number, rule: number): void {
    this.rule = rule;
    this.start.length = 0;
    this.end.length = 0;
    this.word.length = 0;
    this.to = to;
    this.readTo = from;
    this.inWord = false;
  }

  /** Finds the words starting before original index `until`. */
  readUntil(text: string, until: number, words: RuleWords): void {
    const seen = words.charClass;
    let inWord = this.inWord;
    let i = this.readTo;
    while (i < until) {
      const code = text.charCodeAt(i);
      const kind = seen[code] || classify(words, code);
      if (kind === EMPTY) {
        i++;
      } else if (kind <= OTHER) {
        if (
          kind === START &&
          !inWord &&
          ofRule(words, words.rootChild[SINGLE[code] as number] as number, this.rule)
        )
          this.walk(text, i, words);
        inWord = kind !== OTHER;
        i++;
      } else {
        // Folds to several units (ligatures, astral letters): no word here starts with one.
        const units = charFold(text, i);
        inWord = units.length > 0 && isWordCode(units.charCodeAt(units.length - 1));
        i += charLength(text, i);
      }
    }
    this.inWord = inWord;
    if (i > this.readTo) this.readTo = i;
  }

  /** Follows the words' trie from original index `at`, folding as Folder does; records every word. */
  private walk(text: string, at: number, words: RuleWords): void {
    const { wordAt, charClass } = words;
    let node = 0;
    let last = SPACE; // the last unit taken
    let space = false; // a space read but not yet taken: a dash next would remove it
    for (let k = at; k < this.to; ) {
      const code = text.charCodeAt(k);
      const kind = charClass[code] || classify(words, code);
      const single = kind <= OTHER;
      const units = single ? '' : charFold(text, k);
      const next = single ? k + 1 : k + charLength(text, k);
      for (let u = 0; u < (single ? 1 : units.length); u++) {
        let unit = single ? (SINGLE[code] as number) : units.charCodeAt(u);
        if (unit === SPACE) {
          if (last !== SPACE && last !== DASH) space = true;
          continue;
        }
        if (space) {
          space = false;
          if (unit !== DASH) {
            node = childOf(words, node, SPACE);
            if (!node || !ofRule(words, node, this.rule)) return;
          }
        }
        if (unit === ARM_YIWN && last === ARM_ECH) unit = ARM_VEW; // as Folder: եւ → եվ
        node = node ? childOf(words, node, unit) : (words.rootChild[unit] as number);
        if (!node || !ofRule(words, node, this.rule)) return;
        last = unit;
        const word = wordAt[node] as number;
        if (word >= 0) {
          this.start.push(at);
          this.end.push(next);
          this.word.push(word);
        }
      }
      k = next;
    }
  }
}

/**
 * The cue word and the veto word nearest to the mention starting at `mention`, among those lying
 * within original [from, to). On a tie the word listed first in the rule wins.
 */
function nearest(
  found: Occurrences,
  words: RuleWords,
  ruleIndex: number,
  rule: CompiledRule,
  from: number,
  to: number,
  mention: number,
): { cue: string | null; cueDistance: number; veto: string | null; vetoDistance: number } {
  const index = words.index[ruleIndex] as Map<number, number>;
  const all = rule.cue.length + rule.veto.length;
  let cueK = all;
  let cueDistance = Number.POSITIVE_INFINITY;
  let vetoK = all;
  let vetoDistance = Number.POSITIVE_INFINITY;
  for (let o = lowerBound(found.start, from); o < found.start.length; o++) {
    const start = found.start[o] as number;
    if (start >= to) break;
    const end = found.end[o] as number;
    const k = index.get(found.word[o] as number);
    if (k === undefined || end > to) continue;
    const distance = end <= mention ? mention - end : start >= mention ? start - mention : 0;
    if (k < rule.cue.length) {
      if (distance < cueDistance || (distance === cueDistance && k < cueK)) {
        cueDistance = distance;
        cueK = k;
      }
    } else if (distance < vetoDistance || (distance === vetoDistance && k < vetoK)) {
      vetoDistance = distance;
      vetoK = k;
    }
  }
  return {
    cue: cueK < all ? (rule.cue[cueK] as string) : null,
    cueDistance,
    veto: vetoK < all ? (rule.veto[vetoK - rule.cue.length] as string) : null,
    vetoDistance,
  };
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
  const words = ruleWordsOf(rec.rules);
  const found = new Occurrences();
  let foundParagraph = -1;
  let foundRule = -1;
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
        const from = Math.max(pStart, start - WINDOW);
        const to = Math.min(pEnd, (spans.end[s] as number) + WINDOW);
        const whole = from === pStart && to === pEnd;
        if (foundParagraph !== p || foundRule !== ruleIndex) {
          found.reset(pStart, pEnd, ruleIndex);
          foundParagraph = p;
          foundRule = ruleIndex;
        }
        // The window keeps the mention itself, so a cue or veto phrase containing it counts
        // ("جمهوری آذربایجان" confirms, "آذربایجان شرقی" vetoes).
        found.readUntil(text, to, words);
        const { cue, cueDistance, veto, vetoDistance } = nearest(
          found,
          words,
          ruleIndex,
          rule,
          from,
          to,
          start,
        );
        // The nearer of cue and veto decides; then the region, for names that need it.
        if (cue && (!veto || cueDistance <= vetoDistance)) context = `context:cue "${cue}"`;
        else if (veto) context = '';
        else if (rule.requires === 'no-veto') context = 'context:no-veto';
        else if (othersIn(spans, regional, from, to, entity, 1)) context = 'context:nearby';
        else if (othersIn(spans, regional, pStart, pEnd, entity, PARAGRAPH_EVIDENCE))
          context = 'context:paragraph';
        else {
          if (!page) {
            page = new Set(input.pageRegional);
            for (const e of regional.entity) page.add(e);
          }
          context = page.size - (page.has(entity) ? 1 : 0) >= PAGE_EVIDENCE ? 'context:page' : '';
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
