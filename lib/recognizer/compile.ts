/**
 * Compiles the knowledge base into the recognizer's trie. Runs at build time (and in the CLI and
 * tests); the result serializes to JSON with the arrays as base64.
 */
import type { Entity, Lang } from '../kb/schema.ts';
import { toBase64 } from './base64.ts';
import {
  AliasFlag,
  type CompiledEntity,
  type CompiledRecognizer,
  type CompiledRule,
  EXACT_BIT,
  FORMAT_VERSION,
  INNER,
} from './compiled.ts';
import { foldString } from './fold.ts';
import { stemsOf } from './inflection.ts';

/** The states whose region this is: evidence for ambiguous names. */
const CORE = new Set([
  'azerbaijan',
  'armenia',
  'georgia',
  'abkhazia',
  'south-ossetia',
  'nagorno-karabakh-republic',
  'south-caucasus',
  'caucasus',
  'karabakh',
]);
const REGIONAL_RELATIONS = new Set([
  'located_in',
  'part_of',
  'capital_of',
  'passes_through',
  'connects',
  'office_in',
  'controlled_by',
  'claimed_by',
  'party_to',
  'related_to',
]);

function isRegional(entity: Entity): boolean {
  if (CORE.has(entity.id)) return true;
  return (entity.relations ?? []).some((r) => REGIONAL_RELATIONS.has(r.type) && CORE.has(r.target));
}

function scriptLang(text: string): Lang {
  if (/[\u0400-\u04ff]/.test(text)) return 'ru';
  if (/[\u0530-\u058f]/.test(text)) return 'hy';
  if (/[\u10a0-\u10ff\u1c90-\u1cbf]/.test(text)) return 'ka';
  if (/[\u0600-\u06ff]/.test(text)) return 'fa';
  return 'en';
}

/**
 * The trie while it is built: node ids in order of creation, each node's children in a linked list
 * (first child, next sibling) in typed arrays, and the wide root in a table by code unit. Below the
 * root most nodes have one or two children, and the busy lists near the root stay in cache: cheaper
 * than hashing (parent, code unit) into a table too big for the cache.
 */
class TrieBuilder {
  nodes = 1;
  label = new Uint16Array(1 << 16); // code unit on the edge into each node
  firstChild = new Int32Array(1 << 16); // 0: none (the root is nobody's child)
  nextSibling = new Int32Array(1 << 16);
  readonly rootChild = new Int32Array(65536);
  readonly outputs: number[] = []; // node, alias, info
  /** Inflection classes of inner-word stems, by node (few nodes have any). */
  readonly innerMask = new Map<number, number>();

  /** The child of `node` labelled `code`, created if missing. */
  child(node: number, code: number): number {
    if (node === ROOT) {
      let child = this.rootChild[code] as number;
      if (!child) {
        child = this.create(node, code);
        this.rootChild[code] = child;
      }
      return child;
    }
    for (let c = this.firstChild[node] as number; c; c = this.nextSibling[c] as number)
      if (this.label[c] === code) return c;
    return this.create(node, code);
  }

  /** The node reached from `node` along `text`, created with the nodes between if missing. */
  descend(node: number, text: string): number {
    let at = node;
    for (let i = 0; i < text.length; i++) at = this.child(at, text.charCodeAt(i));
    return at;
  }

  insert(node: number, alias: number, info: number): void {
    this.outputs.push(node, alias, info);
  }

  private create(parent: number, code: number): number {
    const node = this.nodes++;
    if (node === this.label.length) {
      const label = new Uint16Array(node * 2);
      label.set(this.label);
      this.label = label;
      const firstChild = new Int32Array(node * 2);
      firstChild.set(this.firstChild);
      this.firstChild = firstChild;
      const nextSibling = new Int32Array(node * 2);
      nextSibling.set(this.nextSibling);
      this.nextSibling = nextSibling;
    }
    this.label[node] = code;
    this.nextSibling[node] = this.firstChild[parent] as number;
    this.firstChild[parent] = node;
    return node;
  }
}

/** base64 of the numbers as little-endian Int32s. */
const int32s = (numbers: number[]) => toBase64(new Uint8Array(new Int32Array(numbers).buffer));

const ROOT = 0;
const SPACE = 0x20;

/**
 * Every trie path for one alias: the exact folded form, and for each inflecting word either the full
 * word or its stem followed by the INNER edge (inner words) or an inflection output (last word).
 * Paths are followed node by node from where their shared prefix ends, not rebuilt as strings.
 */
function insertAlias(
  trie: TrieBuilder,
  folded: string,
  lang: Lang | undefined,
  alias: number,
  acronym: boolean,
): void {
  trie.insert(trie.descend(ROOT, folded), alias, EXACT_BIT);
  const words = folded.split(' ');
  const last = words.length - 1;
  // The prefix (all words but the last): an inflecting word is stored once, as its stem followed by
  // the INNER edge, whichever ending the text gives it (the nominative one included), so a long name
  // does not multiply into every combination of full and inflected words.
  let prefixes = [ROOT]; // the node where each variant of the prefix ends
  for (let i = 0; i < last; i++) {
    const word = words[i] ?? '';
    const stems = stemsOf(word, lang, false, acronym);
    const next: number[] = [];
    for (const p of prefixes) {
      if (!stems.length) next.push(trie.child(trie.descend(p, word), SPACE));
      for (const stem of stems) {
        // Mark the stem node so the walk knows which endings it may skip there.
        const stemNode = trie.descend(p, stem.stem);
        trie.innerMask.set(stemNode, (trie.innerMask.get(stemNode) ?? 0) | stem.cls);
        next.push(trie.child(trie.child(stemNode, INNER), SPACE));
      }
    }
    prefixes = next.length > 16 ? next.slice(0, 16) : next;
  }
  const lastWord = words[last] ?? '';
  const stems = stemsOf(lastWord, lang, true, acronym);
  for (const p of prefixes) {
    if (p !== ROOT) trie.insert(trie.descend(p, lastWord), alias, EXACT_BIT);
    for (const stem of stems) trie.insert(trie.descend(p, stem.stem), alias, stem.cls);
  }
}

export interface CompileOptions {
  hash?: string;
}

export function compileRecognizer(
  kbEntities: readonly Entity[],
  options: CompileOptions = {},
): CompiledRecognizer {
  const live = kbEntities.filter((e) => !e.replacedBy);
  const entities: CompiledEntity[] = live.map((e) => ({
    id: e.id,
    name: e.names.en[0] ?? e.id,
    type: e.type,
    regional: isRegional(e),
  }));
  const aliases = {
    entity: [] as number[],
    text: [] as string[],
    flags: [] as number[],
    rule: [] as number[],
    lang: '',
  };
  const rules: CompiledRule[] = [];
  const ruleIndex = new Map<string, number>(); // a rule as JSON -> its index in rules
  const trie = new TrieBuilder();

  live.forEach((entity, e) => {
    const ruleFor = new Map<string, number>();
    for (const rule of entity.ambiguity ?? []) {
      const compiled: CompiledRule = {
        requires: rule.requires,
        veto: (rule.veto ?? []).map(foldString).filter(Boolean),
        cue: (rule.cue ?? []).map(foldString).filter(Boolean),
        otherSense: rule.otherSense,
      };
      // An entity's rule is often the same for each of its names: shipped, and decided, once.
      const key = JSON.stringify(compiled);
      let index = ruleIndex.get(key);
      if (index === undefined) {
        index = rules.push(compiled) - 1;
        ruleIndex.set(key, index);
      }
      ruleFor.set(foldString(rule.text), index);
    }
    const seen = new Map<string, number>(); // alias key -> index in aliases
    const add = (written: string, lang: Lang | undefined, flags: number) => {
      // English names filed with their article ("the Caucasus") are found without it.
      const text = lang === 'en' ? written.replace(/^the\s+/i, '') : written;
      const folded = foldString(text);
      if (!folded || !/[\p{L}\p{N}]/u.test(folded)) return;
      // One alias per written form of an entity, whatever languages file it (Iran in en, de, fr...):
      // a second filing only adds its language's endings. Fewer outputs per trie node, fewer
      // candidates per mention.
      const key = `${folded}\u0000${flags & AliasFlag.CaseSensitive ? text : ''}\u0000${flags & AliasFlag.Demonym}`;
      const first = text.charAt(0);
      const capitalized = !(flags & AliasFlag.CaseSensitive) && first !== first.toLowerCase();
      // Acronyms: case-sensitive aliases, or names written in capitals (COP29, NATO).
      const acronym =
        (flags & AliasFlag.CaseSensitive) !== 0 ||
        (text.length <= 6 && text === text.toUpperCase() && text !== text.toLowerCase());
      const known = seen.get(key);
      if (known !== undefined) {
        // The same name also filed in lower case ("блокада…" beside "Блокада…"): no capital needed.
        if (!capitalized) aliases.flags[known] = (aliases.flags[known] as number) & ~AliasFlag.Capitalized;
        insertAlias(trie, folded, lang, known, acronym);
        return;
      }
      const index = aliases.text.length;
      seen.set(key, index);
      let f = flags;
      if (capitalized) f |= AliasFlag.Capitalized;
      // Elision (l'Arménie) belongs to proper names, not to names opening with a common noun.
      if (/^\p{Lu}/u.test(text) && /^[\p{Script=Latin}]/u.test(text)) f |= AliasFlag.Latin;
      const rule =
        ruleFor.get(folded) ?? (text === written ? undefined : ruleFor.get(foldString(written))) ?? -1;
      aliases.entity.push(e);
      aliases.text.push(text);
      aliases.flags.push(f);
      aliases.rule.push(rule);
      aliases.lang += lang ?? scriptLang(text);
      insertAlias(trie, folded, lang, index, acronym);
    };
    for (const [lang, names] of Object.entries(entity.names) as [Lang, string[] | undefined][]) {
      for (const name of names ?? []) add(name, lang, 0);
    }
    for (const alias of entity.aliases ?? []) {
      // An alias without a language is an acronym or code used across languages: Latin ones take
      // any Latin-script ending (SOCAR-ın, TANAP'ın, EU's), others those of their script.
      const lang = alias.lang ?? (/\p{Script=Latin}/u.test(alias.text) ? undefined : scriptLang(alias.text));
      add(alias.text, lang, alias.caseSensitive ? AliasFlag.CaseSensitive : 0);
    }
    for (const [lang, list] of Object.entries(entity.demonyms ?? {}) as [Lang, string[]][]) {
      for (const demonym of list) add(demonym, lang, AliasFlag.Demonym);
    }
  });

  return {
    v: FORMAT_VERSION,
    hash: options.hash ?? '',
    entities,
    aliases: {
      ...aliases,
      entity: int32s(aliases.entity),
      flags: int32s(aliases.flags),
      rule: int32s(aliases.rule),
    },
    rules,
    trie: flatten(trie),
  };
}

function flatten(trie: TrieBuilder) {
  const n = trie.nodes;
  // Renumbering, children sorted by label: each node's children are a contiguous, label-sorted run
  // (a group), and groups are laid out depth-first: a node's group, then the groups below its first
  // child, then below its second... A name's path is then mostly consecutive records instead of one
  // cache line per letter. Where each group starts follows from the counts (the loader recomputes it).
  const order = new Int32Array(n); // new id -> old id
  const label = new Uint16Array(n);
  const count = new Uint16Array(n);
  const newId = new Int32Array(n);
  const stack = new Int32Array(n); // new ids whose groups are still to be placed
  let sp = 0;
  stack[sp++] = 0;
  let tail = 1;
  while (sp > 0) {
    const id = stack[--sp] as number;
    const from = tail;
    for (let c = trie.firstChild[order[id] as number] as number; c; c = trie.nextSibling[c] as number) {
      // Insertion sort by label: most nodes have one or two children.
      const code = trie.label[c] as number;
      let k = tail++;
      for (; k > from && (label[k - 1] as number) > code; k--) {
        label[k] = label[k - 1] as number;
        order[k] = order[k - 1] as number;
      }
      label[k] = code;
      order[k] = c;
    }
    // The loader keeps 15 bits for it.
    if (tail - from >= 0x8000) throw new Error(`trie node ${id} has ${tail - from} children (at most 32767)`);
    count[id] = tail - from;
    for (let k = from; k < tail; k++) newId[order[k] as number] = k;
    for (let k = tail - 1; k >= from; k--) stack[sp++] = k;
  }
  // Outputs grouped by (new) node id: sort packed keys (node, then insertion order) in a typed array.
  const outputCount = trie.outputs.length / 3;
  const keys = new Float64Array(outputCount);
  for (let i = 0; i < outputCount; i++)
    keys[i] = (newId[trie.outputs[3 * i] as number] as number) * 0x1000000 + i;
  keys.sort();
  const outStart = new Int32Array(n + 1);
  const outAlias: number[] = [];
  const outInfo: number[] = [];
  let t = 0;
  for (let id = 0; id < n; id++) {
    outStart[id] = outAlias.length;
    for (; t < outputCount; t++) {
      const key = keys[t] as number;
      const node = Math.floor(key / 0x1000000);
      if (node !== id) break;
      const i = key - node * 0x1000000;
      const alias = trie.outputs[3 * i + 1] as number;
      const info = trie.outputs[3 * i + 2] as number;
      let duplicate = false;
      for (let k = outStart[id] as number; k < outAlias.length; k++) {
        if (outAlias[k] === alias && outInfo[k] === info) duplicate = true;
      }
      if (!duplicate) {
        outAlias.push(alias);
        outInfo.push(info);
      }
    }
  }
  outStart[n] = outAlias.length;
  const outCount = new Uint8Array(n);
  for (let id = 0; id < n; id++) {
    const k = (outStart[id + 1] as number) - (outStart[id] as number);
    if (k > 255) throw new Error(`trie node ${id} has ${k} outputs (at most 255)`);
    outCount[id] = k;
  }
  // (node, classes) pairs in node order: the loader merges them in as it goes.
  const marked = [...trie.innerMask].map(([old, mask]) => [newId[old] as number, mask] as const);
  const inner = marked.sort((a, b) => a[0] - b[0]).flat();
  const b64 = (a: ArrayBufferView) => toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return {
    nodes: n,
    outputs: outAlias.length,
    label: b64(label),
    count: b64(count),
    outCount: b64(outCount),
    outAlias: b64(new Int32Array(outAlias)),
    outInfo: b64(new Int32Array(outInfo)),
    inner: b64(new Int32Array(inner)),
  };
}
