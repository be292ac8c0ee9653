/**
 * Finds mentions of knowledge-base entities in text. Pure: no DOM, no browser API.
 *
 * The text is never folded whole. At a word start whose first letter some name begins with, a probe
 * follows the trie along the raw letters; where a name may end there, the text is folded (fold.ts)
 * as far as the trie follows it, with a map back to original offsets. Where an alias (or its stem)
 * ends, the rest of the text word must be empty or an ending the alias's language allows
 * (inflection.ts). The longest match at the leftmost start wins and spans never overlap. Ambiguous
 * names (Georgia, Turkey, BTC) are then kept or dropped by their context rule (context.ts).
 */
import type { EntityType } from '../kb/schema.ts';
import { fromBase64 } from './base64.ts';
import {
  AliasFlag,
  type CompiledEntity,
  type CompiledRecognizer,
  type CompiledRule,
  EXACT_BIT,
  FORMAT_VERSION,
  INNER,
} from './compiled.ts';
import { RULED, resolveAmbiguous } from './context.ts';
import {
  APOSTROPHE,
  ARM_YIWN,
  charFold,
  charLength,
  DASH,
  Folder,
  isWordCode,
  KIND_EMPTY,
  KIND_SINGLE,
  kindOf,
  originEnd,
  SINGLE,
  SPACE,
} from './fold.ts';
import { acceptsEnding, Cls, scriptClasses } from './inflection.ts';

const TURKIC = Cls.Turkic;
/** Classes whose bare stem is itself a form of the word (Союз, Алиев): no ending needed. */
const ZERO_ENDING = Cls.RuCons;
const HYPHEN_ENDINGS =
  Cls.Turkic | Cls.Armenian | Cls.ArmenianU | Cls.ArmenianI | Cls.GeorgianConsonant | Cls.GeorgianVowel;

export interface Mention {
  /** Offsets in the original string, UTF-16 code units. */
  start: number;
  end: number;
  text: string;
  entityId: string;
  entityName: string;
  entityType: EntityType;
  /** The alias that matched, as written in the knowledge base. */
  alias: string;
  /** Why it matched: exact, inflected, case-sensitive, and the context rule when one decided. */
  rule: string;
  demonym: boolean;
}

export interface Recognizer {
  readonly hash: string;
  readonly entities: readonly CompiledEntity[];
  readonly aliases: LoadedAliases;
  readonly rules: readonly CompiledRule[];
  /** Internal arrays, exposed for the content script's incremental use and for tests. */
  readonly trie: LoadedTrie;
  /** Per alias: RULED if a context rule decides it, + 1 for a demonym; orders candidates (rank). */
  readonly aliasRank: Uint8Array;
  /** Per alias: 1 if it names a regional entity and needs no context rule (evidence for others). */
  readonly aliasRegional: Uint8Array;
  /** How the scan treats each BMP code unit, filled in as characters are first seen. */
  readonly scanClass: Uint8Array;
}

/** The aliases' parallel arrays (CompiledAliases), decoded. */
export interface LoadedAliases {
  text: readonly string[];
  entity: Int32Array;
  flags: Int32Array;
  rule: Int32Array;
  /** Two letters per alias. */
  lang: string;
}

/**
 * The trie as the walk reads it. A node is two Int32s: label | children << 16 | ENDS, and its first
 * child, or for a node marked ENDS where its entry in `ends` starts (which begins with the first
 * child). Children are contiguous and sorted by label, and the runs of children are laid out
 * depth-first, so a name's path is mostly consecutive records, eight to a cache line, and what a
 * node where names end needs is one run of `ends`: a step rarely waits for memory more than once.
 */
interface LoadedTrie {
  node: Int32Array;
  /**
   * For each node marked ENDS: its first child, the inflection classes an inner word may take there
   * (Russian and German names), the number of outputs, then alias, info and AliasFlag bits per
   * output.
   */
  ends: Int32Array;
  /** Root children by code unit, for the first step of every walk. */
  rootChild: Int32Array;
}

/** Node record bit: a name or an inner word may end at this node (outputs or inner classes). */
const ENDS = 1 << 31;

const view = <T>(
  b64: string,
  Ctor: { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
) => {
  const bytes = fromBase64(b64);
  // Copy into an aligned buffer: base64 decoders may return an unaligned view.
  const buffer = bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0 ? bytes.buffer : bytes.slice().buffer;
  const offset = bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0 ? bytes.byteOffset : 0;
  return new Ctor(buffer as ArrayBuffer, offset, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
};

export function loadRecognizer(compiled: CompiledRecognizer): Recognizer {
  if (compiled.v !== FORMAT_VERSION)
    throw new Error(`recognizer format ${compiled.v}, expected ${FORMAT_VERSION}`);
  const t = compiled.trie;
  const label = view(t.label, Uint16Array);
  const count = view(t.count, Uint16Array);
  const outCount = view(t.outCount, Uint8Array);
  const n = label.length;
  const aliases: LoadedAliases = {
    text: compiled.aliases.text,
    entity: view(compiled.aliases.entity, Int32Array),
    flags: view(compiled.aliases.flags, Int32Array),
    rule: view(compiled.aliases.rule, Int32Array),
    lang: compiled.aliases.lang,
  };
  const outAlias = view(t.outAlias, Int32Array);
  const outInfo = view(t.outInfo, Int32Array);
  const inner = view(t.inner, Int32Array); // (node, classes) pairs in node order
  const node = new Int32Array(2 * n);
  // Runs of children in depth-first order (compile.ts): replay it to find where each run starts.
  const stack = new Int32Array(n);
  let sp = 0;
  stack[sp++] = 0;
  let next = 1;
  while (sp > 0) {
    const i = stack[--sp] as number;
    const first = next;
    node[2 * i + 1] = first;
    next += count[i] as number;
    for (let c = next - 1; c >= first; c--) stack[sp++] = c;
  }
  // Outputs are in node order: each node's start where the previous node's end.
  // At most one entry per output or inner mark: three words, and three per output.
  const ends = new Int32Array(3 * (outAlias.length + inner.length / 2) + 3 * outAlias.length);
  let out = 0;
  let e = 0;
  let nextInner = 0;
  for (let i = 0; i < n; i++) {
    const outputs = outCount[i] as number;
    let mask = 0;
    if (nextInner < inner.length && inner[nextInner] === i) {
      mask = inner[nextInner + 1] as number;
      nextInner += 2;
    }
    node[2 * i] = (label[i] as number) | ((count[i] as number) << 16) | (outputs || mask ? ENDS : 0);
    if (!outputs && !mask) continue;
    ends[e] = node[2 * i + 1] as number;
    node[2 * i + 1] = e++;
    ends[e++] = mask;
    ends[e++] = outputs;
    for (let o = out; o < out + outputs; o++) {
      ends[e++] = outAlias[o] as number;
      ends[e++] = outInfo[o] as number;
      ends[e++] = aliases.flags[outAlias[o] as number] as number;
    }
    out += outputs;
  }
  const rootChild = new Int32Array(65536);
  for (let c = 1; c <= (count[0] as number); c++) rootChild[label[c] as number] = c;
  const aliasRank = new Uint8Array(aliases.text.length);
  const aliasRegional = new Uint8Array(aliases.text.length);
  for (let a = 0; a < aliasRank.length; a++) {
    const ruled = (aliases.rule[a] as number) >= 0;
    // An exact demonym (Arméniens) beats a name that only an ending made fit (German Armenien + s):
    // rank() adds 2 for an inflected match.
    aliasRank[a] = (ruled ? RULED : 0) + ((aliases.flags[a] as number) & AliasFlag.Demonym ? 1 : 0);
    aliasRegional[a] = !ruled && compiled.entities[aliases.entity[a] as number]?.regional ? 1 : 0;
  }
  return {
    hash: compiled.hash,
    entities: compiled.entities,
    aliases,
    rules: compiled.rules,
    trie: { node, ends, rootChild },
    aliasRank,
    aliasRegional,
    scanClass: new Uint8Array(65536),
  };
}

/** The child of `parent` labelled `code`, or 0. */
function findChild(node: Int32Array, ends: Int32Array, parent: number, code: number): number {
  const word = node[2 * parent] as number;
  const first =
    word < 0 ? (ends[node[2 * parent + 1] as number] as number) : (node[2 * parent + 1] as number);
  const last = first + ((word >>> 16) & 0x7fff) - 1;
  if (last - first < 8) {
    // Labels are sorted; most nodes have one or two children.
    for (let c = first; c <= last; c++) {
      const l = (node[2 * c] as number) & 0xffff;
      if (l >= code) return l === code ? c : 0;
    }
    return 0;
  }
  let lo = first;
  let hi = last;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = (node[2 * mid] as number) & 0xffff;
    if (l === code) return mid;
    if (l < code) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Endings longer than this are not endings; words are not read further. */
const MAX_ENDING = 12;

/** Is there a folded unit at `k` (folding on as far as needed)? */
const has = (f: Folder, k: number) => k < f.length || k < f.fill(k);

/**
 * End (in folded units) of the word continuing at `j`: letters, and apostrophes inside the word.
 * Read at most MAX_ENDING + 1 units: a longer rest is no ending either way.
 */
function wordEnd(f: Folder, j: number): number {
  const limit = j + MAX_ENDING + 1;
  let k = j;
  while (k < limit && has(f, k)) {
    const c = f.codes[k] as number;
    if (isWordCode(c)) k++;
    else if (c === APOSTROPHE && has(f, k + 1) && isWordCode(f.codes[k + 1] as number)) k++;
    else break;
  }
  return k;
}

/** Folded units as a string; endings are short, so a plain loop beats spreading a subarray. */
function slice(f: Folder, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(f.codes[i] as number);
  return s;
}

/** The last Latin vowel before folded position `j` (Turkic harmony). */
function vowelBefore(f: Folder, j: number): string {
  for (let i = j - 1; i >= 0; i--) {
    const c = f.codes[i] as number;
    // a e i o u
    if (c === 0x61 || c === 0x65 || c === 0x69 || c === 0x6f || c === 0x75) return String.fromCharCode(c);
  }
  return '';
}

/** Does the original text honour the alias's case rule over the first `depth` folded units? */
function caseOk(
  rec: Recognizer,
  text: string,
  f: Folder,
  aliasIndex: number,
  flags: number,
  depth: number,
): boolean {
  if (flags & AliasFlag.Capitalized) return isUpper(text.charCodeAt(f.origin[0] as number));
  if (!(flags & AliasFlag.CaseSensitive)) return true;
  const alias = rec.aliases.text[aliasIndex] as string;
  const raw = text.slice(f.origin[0] as number, originEnd(text, f, depth - 1));
  if (raw === alias) return true; // the common case, without normalizing
  const written = raw.normalize('NFKC');
  if (written === alias.normalize('NFKC')) return true;
  // A name kept case-sensitive (Trump, Xi) still matches in an ALL-CAPS headline; acronyms do not
  // relax (EU is never "eu").
  return (
    alias !== alias.toUpperCase() && written === written.toUpperCase() && written !== written.toLowerCase()
  );
}

const WALK_STACK = new Int32Array(256);

/** A hyphen written against both words (SOCAR-ın), not a spaced dash folded to one (dehlizi – de). */
function tightHyphen(text: string, f: Folder, j: number): boolean {
  const at = f.origin[j] as number;
  const code = text.charCodeAt(at);
  return (
    (code === 0x2d || code === 0x2010 || code === 0x2011) &&
    at === originEnd(text, f, j - 1) &&
    (f.origin[j + 1] as number) === at + 1
  );
}

/** Is the original text of the first `j` folded units the alias's own letters, ignoring case only? */
function sameLetters(text: string, f: Folder, j: number, alias: string): boolean {
  const written = text.slice(f.origin[0] as number, originEnd(text, f, j - 1)).normalize('NFC');
  return written.toLocaleLowerCase('tr') === alias.normalize('NFC').toLocaleLowerCase('tr');
}

const UPPER = new Uint8Array(65536); // 0 unknown, 1 upper case, 2 not
function isUpper(code: number): boolean {
  let u = UPPER[code] as number;
  if (!u) {
    const ch = String.fromCharCode(code);
    u = ch !== ch.toLowerCase() ? 1 : 2;
    UPPER[code] = u;
  }
  return u === 1;
}

// Matches of the current walk, in reused arrays (no allocation per word): alias, folded end, exact.
const foundAlias: number[] = [];
const foundEnd: number[] = [];
const foundExact: boolean[] = [];

/**
 * Every alias match at the word start where `f` begins, into the found arrays; returns how many.
 * Starts at trie node `from`, which the first `units` folded units lead to. Hot: arrays are hoisted
 * to locals.
 */
function walk(rec: Recognizer, text: string, f: Folder, from: number, units: number): number {
  const { node: nodes, ends } = rec.trie;
  let found = 0;
  // Explicit stack of [node, position] pairs, reused across walks (branching is rare).
  const stack = WALK_STACK;
  stack[0] = from;
  stack[1] = units;
  let sp = 2;
  while (sp > 0) {
    let j = stack[--sp] as number;
    let node = stack[--sp] as number;
    for (;;) {
      const e = (nodes[2 * node] as number) < 0 ? (nodes[2 * node + 1] as number) : -1;
      const o0 = e + 3;
      const o1 = e < 0 ? 0 : o0 + 3 * (ends[e + 2] as number);
      if (o0 < o1) {
        const end = wordEnd(f, j);
        let rest: string | undefined; // the word's ending after this node, built once if needed
        for (let o = o0; o < o1; o += 3) {
          const aliasIndex = ends[o] as number;
          const info = ends[o + 1] as number;
          const classes = info & ~EXACT_BIT;
          let fEnd = -1;
          if (end === j) {
            if (info & EXACT_BIT) fEnd = j;
            // Azerbaijani, Armenian and Georgian put a hyphen before the ending of an acronym or a
            // foreign name: SOCAR-ın, ԱՄՆ-ի, აშშ-ის, COP29-un.
            if (
              classes &&
              j < f.length &&
              f.codes[j] === DASH &&
              has(f, j + 1) &&
              isWordCode(f.codes[j + 1] as number) &&
              tightHyphen(text, f, j)
            ) {
              const end2 = wordEnd(f, j + 1);
              if (end2 - j <= MAX_ENDING) {
                const ending = slice(f, j + 1, end2);
                const allowed = (classes & HYPHEN_ENDINGS) | scriptClasses(ending);
                if (allowed && acceptsEnding(allowed, ending, vowelBefore(f, j))) fEnd = end2;
              }
            }
          } else if (classes && end - j <= MAX_ENDING) {
            rest ??= slice(f, j, end);
            if (acceptsEnding(classes, rest, classes & TURKIC ? vowelBefore(f, j) : '')) fEnd = end;
            // A short Turkic stem must be spelt exactly, diacritics included: Çin + dən is China,
            // but kura (a draw) is not Kür + a.
            const alias = rec.aliases.text[aliasIndex] as string;
            if (fEnd >= 0 && classes & TURKIC && j <= 3 && !sameLetters(text, f, j, alias)) fEnd = -1;
          }
          if (fEnd < 0) continue;
          if (caseOk(rec, text, f, aliasIndex, ends[o + 2] as number, j)) {
            foundAlias[found] = aliasIndex;
            foundEnd[found] = fEnd;
            foundExact[found] = fEnd === j && end === j;
            found++;
          }
        }
      }
      const mask = e < 0 ? 0 : (ends[e + 1] as number);
      if (mask && sp < stack.length - 2) {
        // An inner word of a name declines before the next word (Южного Кавказа, Kaspischen Meer);
        // its nominative ending, or none (Союз), is one of those endings too.
        const inner = findChild(nodes, ends, node, INNER);
        const end = has(f, j) && isWordCode(f.codes[j] as number) ? wordEnd(f, j) : j;
        const ok =
          end === j ? mask & ZERO_ENDING : end - j <= MAX_ENDING && acceptsEnding(mask, slice(f, j, end));
        if (inner && ok) {
          stack[sp++] = inner;
          stack[sp++] = end;
        }
      }
      if (j >= f.length && j >= f.fill(j)) break;
      const child = findChild(nodes, ends, node, f.codes[j] as number);
      if (!child) break;
      node = child;
      j++;
    }
  }
  return found;
}

/**
 * Spans found by scan, left to right and non-overlapping, in flat arrays rather than an object per
 * candidate. Span s covers original [start[s], end[s]); its candidates are first[s] .. first[s+1]-1,
 * best first (context rules may pass over ruled ones).
 */
export interface Spans {
  start: number[];
  end: number[];
  first: number[];
  alias: number[];
  exact: boolean[];
}

export interface ScanResult {
  spans: Spans;
}

// How the scan treats each BMP code unit (per recognizer; 0 until first seen).
const OTHER = 1; // folds to one unit that is not a letter or digit
const SLOW = 2; // folds to several units, or is half of a surrogate pair
const SKIP = 3; // folds to nothing (soft hyphen, combining mark): a word goes on across it
const WORD = 4; // folds to one letter or digit that no name starts with
const START = 5; // folds to one letter or digit that some name starts with

function classify(rec: Recognizer, code: number): number {
  let kind = SLOW;
  if (code < 0xd800 || code > 0xdfff) {
    const fold = kindOf(code);
    const unit = SINGLE[code] as number;
    if (fold === KIND_EMPTY) kind = SKIP;
    else if (fold === KIND_SINGLE) kind = !isWordCode(unit) ? OTHER : rec.trie.rootChild[unit] ? START : WORD;
  }
  rec.scanClass[code] = kind;
  return kind;
}

/** Where the last probe stopped short of a name's end: the trie node, and the folded units read. */
let probeNode = 0;
let probeUnits = 0;

/**
 * A cheap first look at a word start: follows the trie along letters that fold to one unit, and
 * through the space or punctuation after them. When no name can match here (most words), returns
 * where the letters it read end (the scan goes on there, still inside the word); else -1, with
 * probeNode and probeUnits where the full walk takes over: a node where a name or an inner word may
 * end, or text that only the walk's folding can follow.
 */
function probe(rec: Recognizer, text: string, at: number): number {
  const { node: nodes, ends, rootChild } = rec.trie;
  const scanClass = rec.scanClass;
  let node = rootChild[SINGLE[text.charCodeAt(at)] as number] as number;
  let units = 1;
  for (let i = at + 1; ; i++) {
    if ((nodes[2 * node] as number) >= 0) {
      if (i >= text.length) return i;
      const code = text.charCodeAt(i);
      const kind = scanClass[code];
      if (kind === SKIP) continue;
      const unit = SINGLE[code] as number;
      if (kind === OTHER) {
        // A name goes on past the word only through this unit, or a dash where spaces vanish before one.
        if (!findChild(nodes, ends, node, unit) && !(unit === SPACE && findChild(nodes, ends, node, DASH)))
          return i;
      } else if ((kind === WORD || kind === START) && unit !== ARM_YIWN) {
        node = findChild(nodes, ends, node, unit);
        if (!node) return i;
        units++;
        continue;
      }
    }
    probeNode = node;
    probeUnits = units;
    return -1;
  }
}

const WALK = new Folder();

/**
 * Walks the trie at the word start at unit `part` of the character at `at`, from `node`, which the
 * first `units` folded units lead to; on a match, appends the span to `spans` and returns where the
 * scan goes on (original index * 256 + unit), else -1.
 */
function match(
  rec: Recognizer,
  text: string,
  at: number,
  part: number,
  spans: Spans,
  node: number,
  units: number,
): number {
  const f = WALK;
  f.start(text, at, part);
  f.fill(units - 1);
  const found = walk(rec, text, f, node, units);
  if (!found) return -1;
  let longest = 0;
  for (let c = 0; c < found; c++) if ((foundEnd[c] as number) > longest) longest = foundEnd[c] as number;
  // The longest, in rank order (a stable insertion sort: there are one or two).
  const from = spans.alias.length;
  for (let c = 0; c < found; c++) {
    if (foundEnd[c] !== longest) continue;
    const alias = foundAlias[c] as number;
    const exact = foundExact[c] as boolean;
    const r = rank(rec, alias, exact);
    let k = spans.alias.length;
    spans.alias.push(alias);
    spans.exact.push(exact);
    while (k > from && rank(rec, spans.alias[k - 1] as number, spans.exact[k - 1] as boolean) > r) {
      spans.alias[k] = spans.alias[k - 1] as number;
      spans.exact[k] = spans.exact[k - 1] as boolean;
      k--;
    }
    spans.alias[k] = alias;
    spans.exact[k] = exact;
  }
  spans.start.push(f.origin[0] as number);
  spans.end.push(originEnd(text, f, longest - 1));
  spans.first.push(spans.alias.length);
  // Go on at the unit after the match (inside its last character if that folded to several).
  return has(f, longest)
    ? (f.origin[longest] as number) * 256 + (f.part[longest] as number)
    : text.length * 256;
}

/**
 * Leftmost-longest scan: at each word start, the longest candidates; then skip past them. Folds
 * nothing but the words where a name may start: the other characters are classified by one table
 * look-up each.
 */
export function scan(rec: Recognizer, text: string): ScanResult {
  const spans: Spans = { start: [], end: [], first: [0], alias: [], exact: [] };
  // Built before the loop: the long loop is compiled mid-run, and a result object first made after it
  // would throw that compiled code away at the end of every call.
  const result: ScanResult = { spans };
  const scanClass = rec.scanClass;
  const rootChild = rec.trie.rootChild;
  const n = text.length;
  let prevWord = false;
  let part = 0; // > 0: go on inside the character at i, from this unit of its folded form
  for (let i = 0; i < n; ) {
    const code = text.charCodeAt(i);
    const kind = part ? SLOW : scanClass[code] || classify(rec, code);
    if (kind === START && !prevWord) {
      const skip = probe(rec, text, i);
      const next = skip < 0 ? match(rec, text, i, 0, spans, probeNode, probeUnits) : -1;
      prevWord = true;
      if (skip >= 0) i = skip;
      else if (next < 0) i++;
      else {
        i = Math.floor(next / 256);
        part = next % 256;
      }
    } else if (kind >= SKIP) {
      i++;
      if (kind !== SKIP) prevWord = true;
      // The rest of the word: no name starts inside one.
      if (prevWord) while (i < n && (scanClass[text.charCodeAt(i)] as number) >= SKIP) i++;
    } else if (kind === OTHER) {
      prevWord = false;
      i++;
    } else {
      // Several units (ﬁ, և, astral characters): each unit as above.
      const units = charFold(text, i);
      let next = -1;
      for (let u = part; u < units.length && next < 0; u++) {
        const c = units.charCodeAt(u);
        const word = isWordCode(c);
        if (word && !prevWord && rootChild[c])
          next = match(rec, text, i, u, spans, rootChild[c] as number, 1);
        prevWord = word || next >= 0;
      }
      if (next < 0) {
        i += charLength(text, i);
        part = 0;
      } else {
        i = Math.floor(next / 256);
        part = next % 256;
      }
    }
  }
  return result;
}

/** Unruled names before ruled ones, exact before inflected, names before demonyms. */
function rank(rec: Recognizer, aliasIndex: number, exact: boolean): number {
  return (rec.aliasRank[aliasIndex] as number) + (exact ? 0 : 2);
}

export interface RecognizeOptions {
  /** Also report demonyms and adjectives (Azerbaijani, армянский). Off by default: see docs. */
  demonyms?: boolean;
  /**
   * Regional entities seen elsewhere on the page (for a text that is one block of a larger page);
   * when absent the text itself is the page.
   */
  pageRegional?: ReadonlySet<number>;
}

export { regionalEvidence } from './context.ts';

/** Per recognizer, why each alias matched when no context rule decided: exact, then inflected. */
const whyCache = new WeakMap<Recognizer, string[]>();

function whyOf(rec: Recognizer): string[] {
  let why = whyCache.get(rec);
  if (!why) {
    why = [];
    for (let a = 0; a < rec.aliases.text.length; a++) {
      const flags = rec.aliases.flags[a] as number;
      const demonym = flags & AliasFlag.Demonym ? ';demonym' : '';
      const inflected = `inflected:${rec.aliases.lang.slice(2 * a, 2 * a + 2)}`;
      const cs = flags & AliasFlag.CaseSensitive;
      why.push(
        `${cs ? 'case-sensitive' : 'exact'}${demonym}`,
        `${cs ? 'case-sensitive' : inflected}${demonym}`,
      );
    }
    whyCache.set(rec, why);
  }
  return why;
}

export function recognize(rec: Recognizer, text: string, options: RecognizeOptions = {}): Mention[] {
  return mentionsOf(rec, text, scan(rec, text).spans, options);
}

/** The mentions of `text` from its spans (scan), once context rules have judged the ambiguous ones. */
export function mentionsOf(
  rec: Recognizer,
  text: string,
  spans: Spans,
  options: RecognizeOptions = {},
): Mention[] {
  const whys = whyOf(rec);
  const picks = resolveAmbiguous({ rec, text, spans, pageRegional: options.pageRegional });
  const mentions: Mention[] = [];
  for (let s = 0; s < picks.candidate.length; s++) {
    const c = picks.candidate[s] as number;
    if (c < 0) continue;
    const a = spans.alias[c] as number;
    const flags = rec.aliases.flags[a] as number;
    const demonym = (flags & AliasFlag.Demonym) !== 0;
    if (demonym && !options.demonyms) continue;
    let start = spans.start[s] as number;
    const end = spans.end[s] as number;
    // French elision belongs to the word: l'Arménie, d'Azerbaïdjan.
    const before = text.charCodeAt(start - 1);
    if (flags & AliasFlag.Latin && (before === 0x27 || before === 0x2019)) {
      const m = /(?:^|[^\p{L}])((?:[ldjmnst]|qu)['’])$/iu.exec(text.slice(Math.max(0, start - 4), start));
      if (m?.[1]) start -= m[1].length;
    }
    const entity = rec.entities[rec.aliases.entity[a] as number] as CompiledEntity;
    let why = whys[2 * a + (spans.exact[c] ? 0 : 1)] as string;
    if ((rec.aliasRank[a] as number) & RULED) why += `;${picks.context.get(s)}`;
    mentions.push({
      start,
      end,
      text: text.slice(start, end),
      entityId: entity.id,
      entityName: entity.name,
      entityType: entity.type,
      alias: rec.aliases.text[a] as string,
      rule: why,
      demonym,
    });
  }
  return mentions;
}
