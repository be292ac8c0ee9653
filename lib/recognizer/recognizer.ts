/**
 * Finds mentions of knowledge-base entities in text. Pure: no DOM, no browser API.
 *
 * The text is folded once (fold.ts) with a map back to original offsets. At every word start the
 * trie is walked as far as the text follows it; where an alias (or its stem) ends, the rest of the
 * text word must be empty or an ending the alias's language allows (inflection.ts). The longest
 * match at the leftmost start wins and spans never overlap. Ambiguous names (Georgia, Turkey, BTC)
 * are then kept or dropped by their context rule (context.ts).
 */
import type { EntityType } from '../kb/schema.ts';
import { fromBase64 } from './base64.ts';
import {
  AliasFlag,
  type CompiledAlias,
  type CompiledEntity,
  type CompiledRecognizer,
  type CompiledRule,
  EXACT_BIT,
  FORMAT_VERSION,
  INNER,
} from './compiled.ts';
import { type ContextInput, resolveAmbiguous } from './context.ts';
import { APOSTROPHE, DASH, type FoldedText, foldText, isWordCode, originEnd } from './fold.ts';
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
  readonly aliases: readonly CompiledAlias[];
  readonly rules: readonly CompiledRule[];
  /** Internal arrays, exposed for the content script's incremental use and for tests. */
  readonly trie: LoadedTrie;
  /** AliasFlag bits per alias, as a typed array for the hot path. */
  readonly aliasFlags: Int32Array;
}

interface LoadedTrie {
  label: Uint16Array;
  first: Int32Array;
  count: Uint16Array;
  outStart: Int32Array;
  outAlias: Int32Array;
  outInfo: Int32Array;
  innerMask: Int32Array;
  /** Root children by code unit, for the first step of every walk. */
  rootChild: Int32Array;
}

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
  // Breadth-first order: children and outputs start where the previous node's end.
  const first = new Int32Array(n);
  const outStart = new Int32Array(n + 1);
  let child = 1;
  let out = 0;
  for (let i = 0; i < n; i++) {
    first[i] = child;
    child += count[i] as number;
    outStart[i] = out;
    out += outCount[i] as number;
  }
  outStart[n] = out;
  const innerMask = new Int32Array(n);
  const inner = view(t.inner, Int32Array);
  for (let i = 0; i + 1 < inner.length; i += 2) innerMask[inner[i] as number] = inner[i + 1] as number;
  const trie: LoadedTrie = {
    label,
    first,
    count,
    outStart,
    outAlias: view(t.outAlias, Int32Array),
    outInfo: view(t.outInfo, Int32Array),
    innerMask,
    rootChild: new Int32Array(65536),
  };
  const rootFirst = trie.first[0] ?? 1;
  const rootCount = trie.count[0] ?? 0;
  for (let c = rootFirst; c < rootFirst + rootCount; c++) trie.rootChild[trie.label[c] ?? 0] = c;
  return {
    hash: compiled.hash,
    entities: compiled.entities,
    aliases: compiled.aliases,
    rules: compiled.rules,
    trie,
    aliasFlags: Int32Array.from(compiled.aliases, (a) => a.f),
  };
}

function findChild(trie: LoadedTrie, node: number, code: number): number {
  const first = trie.first[node] as number;
  const count = trie.count[node] as number;
  const label = trie.label;
  if (count <= 8) {
    for (let c = first; c < first + count; c++) {
      const l = label[c] as number;
      if (l === code) return c;
      if (l > code) return 0;
    }
    return 0;
  }
  let lo = first;
  let hi = first + count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = label[mid] as number;
    if (l === code) return mid;
    if (l < code) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** End (in folded units) of the word continuing at `j`: letters, and apostrophes inside the word. */
function wordEnd(f: FoldedText, j: number): number {
  const codes = f.codes;
  let k = j;
  while (k < f.length) {
    const c = codes[k] as number;
    if (isWordCode(c)) k++;
    else if (c === APOSTROPHE && k + 1 < f.length && isWordCode(codes[k + 1] as number)) k++;
    else break;
  }
  return k;
}

/** Folded units as a string; endings are short, so a plain loop beats spreading a subarray. */
function slice(f: FoldedText, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(f.codes[i] as number);
  return s;
}

/** The last Latin vowel before folded position `j` in the word starting at `k` (Turkic harmony). */
function vowelBefore(f: FoldedText, k: number, j: number): string {
  for (let i = j - 1; i >= k; i--) {
    const c = f.codes[i] as number;
    // a e i o u
    if (c === 0x61 || c === 0x65 || c === 0x69 || c === 0x6f || c === 0x75) return String.fromCharCode(c);
  }
  return '';
}

/** Endings longer than this are not endings; skip building the string. */
const MAX_ENDING = 12;

/** A possible mention before context rules: folded span and the alias. */
export interface Candidate {
  /** Folded offsets. */
  fStart: number;
  fEnd: number;
  alias: number;
  exact: boolean;
}

/** Does the original text honour the alias's case rule over the alias's own part of the match? */
function caseOk(
  rec: Recognizer,
  text: string,
  f: FoldedText,
  aliasIndex: number,
  fStart: number,
  depth: number,
): boolean {
  const flags = rec.aliasFlags[aliasIndex] as number;
  if (flags & AliasFlag.Capitalized) return isUpper(text.charCodeAt(f.origin[fStart] as number));
  if (!(flags & AliasFlag.CaseSensitive)) return true;
  const alias = rec.aliases[aliasIndex] as CompiledAlias;
  const from = f.origin[fStart] as number;
  const to = originEnd(text, f, fStart + depth - 1);
  const raw = text.slice(from, to);
  if (raw === alias.t) return true; // the common case, without normalizing
  const written = raw.normalize('NFKC');
  if (written === alias.t.normalize('NFKC')) return true;
  // A name kept case-sensitive (Trump, Xi) still matches in an ALL-CAPS headline; acronyms do not
  // relax (EU is never "eu").
  return (
    alias.t !== alias.t.toUpperCase() &&
    written === written.toUpperCase() &&
    written !== written.toLowerCase()
  );
}

const WALK_STACK = new Int32Array(256);

/** A hyphen written against both words (SOCAR-ın), not a spaced dash folded to one (dehlizi – de). */
function tightHyphen(text: string, f: FoldedText, j: number): boolean {
  const at = f.origin[j] as number;
  const code = text.charCodeAt(at);
  return (
    (code === 0x2d || code === 0x2010 || code === 0x2011) &&
    at === originEnd(text, f, j - 1) &&
    (f.origin[j + 1] as number) === at + 1
  );
}

/** Is the original text of folded [k, j) the alias's own letters, ignoring case only? */
function sameLetters(
  text: string,
  f: FoldedText,
  k: number,
  j: number,
  alias: CompiledAlias | undefined,
): boolean {
  if (!alias) return false;
  const written = text.slice(f.origin[k] as number, originEnd(text, f, j - 1)).normalize('NFC');
  return written.toLocaleLowerCase('tr') === alias.t.normalize('NFC').toLocaleLowerCase('tr');
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

/** Every alias match starting at word start `k`, pushed to `out`. Hot: arrays are hoisted to locals. */
function walk(rec: Recognizer, text: string, f: FoldedText, k: number, out: Candidate[]): void {
  const { label, first, count, outStart, outInfo, outAlias, innerMask, rootChild } = rec.trie;
  const codes = f.codes;
  const length = f.length;
  const start = rootChild[codes[k] as number] as number;
  if (!start) return;
  // Explicit stack of [node, position] pairs, reused across walks (branching is rare).
  const stack = WALK_STACK;
  stack[0] = start;
  stack[1] = k + 1;
  let sp = 2;
  while (sp > 0) {
    let j = stack[--sp] as number;
    let node = stack[--sp] as number;
    for (;;) {
      const o0 = outStart[node] as number;
      const o1 = outStart[node + 1] as number;
      if (o0 < o1) {
        const end = wordEnd(f, j);
        let rest: string | undefined; // the word's ending after this node, built once if needed
        for (let o = o0; o < o1; o++) {
          const info = outInfo[o] as number;
          const classes = info & ~EXACT_BIT;
          let fEnd = -1;
          if (end === j) {
            if (info & EXACT_BIT) fEnd = j;
            // Azerbaijani, Armenian and Georgian put a hyphen before the ending of an acronym or a
            // foreign name: SOCAR-ın, ԱՄՆ-ի, აშშ-ის, COP29-un.
            if (
              classes &&
              codes[j] === DASH &&
              j + 1 < length &&
              isWordCode(codes[j + 1] as number) &&
              tightHyphen(text, f, j)
            ) {
              const end2 = wordEnd(f, j + 1);
              if (end2 - j <= MAX_ENDING) {
                const ending = slice(f, j + 1, end2);
                const allowed = (classes & HYPHEN_ENDINGS) | scriptClasses(ending);
                if (allowed && acceptsEnding(allowed, ending, vowelBefore(f, k, j))) fEnd = end2;
              }
            }
          } else if (classes && end - j <= MAX_ENDING) {
            rest ??= slice(f, j, end);
            if (acceptsEnding(classes, rest, classes & TURKIC ? vowelBefore(f, k, j) : '')) fEnd = end;
            // A short Turkic stem must be spelt exactly, diacritics included: Çin + dən is China,
            // but kura (a draw) is not Kür + a.
            const alias = rec.aliases[outAlias[o] as number];
            if (fEnd >= 0 && classes & TURKIC && j - k <= 3 && !sameLetters(text, f, k, j, alias)) fEnd = -1;
          }
          if (fEnd < 0) continue;
          const aliasIndex = outAlias[o] as number;
          if (caseOk(rec, text, f, aliasIndex, k, j - k)) {
            out.push({ fStart: k, fEnd, alias: aliasIndex, exact: fEnd === j && end === j });
          }
        }
      }
      const mask = innerMask[node] as number;
      if (mask && sp < stack.length - 2) {
        // An inner word of a name declines before the next word (Южного Кавказа, Kaspischen Meer);
        // its nominative ending, or none (Союз), is one of those endings too.
        const inner = findChild(rec.trie, node, INNER);
        const end = j < length && isWordCode(codes[j] as number) ? wordEnd(f, j) : j;
        const ok =
          end === j ? mask & ZERO_ENDING : end - j <= MAX_ENDING && acceptsEnding(mask, slice(f, j, end));
        if (inner && ok) {
          stack[sp++] = inner;
          stack[sp++] = end;
        }
      }
      if (j >= length) break;
      // Find the child labelled with the next unit: children are sorted; most nodes have one or two.
      const code = codes[j] as number;
      const c0 = first[node] as number;
      const c1 = c0 + (count[node] as number);
      let child = 0;
      if (c1 - c0 <= 8) {
        for (let c = c0; c < c1; c++) {
          const l = label[c] as number;
          if (l >= code) {
            if (l === code) child = c;
            break;
          }
        }
      } else child = findChild(rec.trie, node, code);
      if (!child) break;
      node = child;
      j++;
    }
  }
}

export interface ScanResult {
  folded: FoldedText;
  /** Chosen candidate per span, left to right, non-overlapping; alternatives share the span. */
  spans: Candidate[][];
}

/** Leftmost-longest scan: at each word start, the longest candidates; then skip past them. */
export function scan(rec: Recognizer, text: string): ScanResult {
  const f = foldText(text);
  const spans: Candidate[][] = [];
  const codes = f.codes;
  let found: Candidate[] = [];
  let prevWord = false;
  const rootChild = rec.trie.rootChild;
  for (let k = 0; k < f.length; k++) {
    const code = codes[k] as number;
    const isWord = isWordCode(code);
    // Most word starts have no alias beginning with their letter: test the root before walking.
    if (isWord && !prevWord && rootChild[code]) {
      walk(rec, text, f, k, found);
      if (found.length) {
        let longest = 0;
        for (const c of found) if (c.fEnd > longest) longest = c.fEnd;
        const best = found.length === 1 ? [found[0] as Candidate] : found.filter((c) => c.fEnd === longest);
        // Unruled names before ruled ones, exact before inflected, names before demonyms.
        if (best.length > 1) best.sort((a, b) => rank(rec, a) - rank(rec, b));
        spans.push(best);
        found = []; // (emptying with length = 0 is a slow runtime call in V8)
        k = longest - 1;
        prevWord = true;
        continue;
      }
    }
    prevWord = isWord;
  }
  return { folded: f, spans };
}

function rank(rec: Recognizer, c: Candidate): number {
  const alias = rec.aliases[c.alias] as CompiledAlias;
  // An exact demonym (Arméniens) beats a name that only an ending made fit (German Armenien + s).
  return (alias.r >= 0 ? 4 : 0) + (c.exact ? 0 : 2) + (alias.f & AliasFlag.Demonym ? 1 : 0);
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

export function recognize(rec: Recognizer, text: string, options: RecognizeOptions = {}): Mention[] {
  const { folded, spans } = scan(rec, text);
  const input: ContextInput = { rec, text, folded, spans, pageRegional: options.pageRegional };
  const chosen = resolveAmbiguous(input);
  const mentions: Mention[] = [];
  for (const pick of chosen) {
    const alias = rec.aliases[pick.candidate.alias] as CompiledAlias;
    const demonym = (alias.f & AliasFlag.Demonym) !== 0;
    if (demonym && !options.demonyms) continue;
    let start = folded.origin[pick.candidate.fStart] as number;
    const end = originEnd(text, folded, pick.candidate.fEnd - 1);
    // French elision belongs to the word: l'Arménie, d'Azerbaïdjan.
    const before = text.charCodeAt(start - 1);
    if (alias.f & AliasFlag.Latin && (before === 0x27 || before === 0x2019)) {
      const m = /(?:^|[^\p{L}])((?:[ldjmnst]|qu)['’])$/iu.exec(text.slice(Math.max(0, start - 4), start));
      if (m?.[1]) start -= m[1].length;
    }
    const entity = rec.entities[alias.e] as CompiledEntity;
    let why =
      alias.f & AliasFlag.CaseSensitive
        ? 'case-sensitive'
        : pick.candidate.exact
          ? 'exact'
          : `inflected:${alias.l}`;
    if (demonym) why += ';demonym';
    if (pick.context) why += `;${pick.context}`;
    mentions.push({
      start,
      end,
      text: text.slice(start, end),
      entityId: entity.id,
      entityName: entity.name,
      entityType: entity.type,
      alias: alias.t,
      rule: why,
      demonym,
    });
  }
  return mentions;
}
