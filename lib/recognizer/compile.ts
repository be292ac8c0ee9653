/**
 * Compiles the knowledge base into the recognizer's trie. Runs at build time (and in the CLI and
 * tests); the result serializes to JSON with the arrays as base64.
 */
import type { Entity, Lang } from '../kb/schema.ts';
import { toBase64 } from './base64.ts';
import {
  AliasFlag,
  type CompiledAliases,
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
 * Edges of the trie under construction: an open-addressing hash of (parent, code unit) -> child in
 * typed arrays. A Map keyed by parent * 65536 + code spills past small integers and was most of the
 * build time.
 */
class EdgeTable {
  // Sized for the real knowledge base's ~70,000 edges at most half full.
  private parents = new Int32Array(1 << 18);
  private codes = new Int32Array(1 << 18); // code unit + 1, so 0 marks an empty slot
  private children = new Int32Array(1 << 18);
  size = 0;

  private slot(parent: number, code: number): number {
    const mask = this.parents.length - 1;
    let i = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(code + 1, 0x85ebca6b)) & mask;
    while (this.codes[i] !== 0 && (this.parents[i] !== parent || this.codes[i] !== code + 1))
      i = (i + 1) & mask;
    return i;
  }

  get(parent: number, code: number): number {
    const i = this.slot(parent, code);
    return this.codes[i] === 0 ? -1 : (this.children[i] as number);
  }

  set(parent: number, code: number, child: number): void {
    if ((this.size + 1) * 2 > this.parents.length) this.grow();
    const i = this.slot(parent, code);
    if (this.codes[i] === 0) this.size++;
    this.parents[i] = parent;
    this.codes[i] = code + 1;
    this.children[i] = child;
  }

  forEach(visit: (parent: number, code: number, child: number) => void): void {
    for (let i = 0; i < this.codes.length; i++) {
      const code = this.codes[i] as number;
      if (code) visit(this.parents[i] as number, code - 1, this.children[i] as number);
    }
  }

  private grow(): void {
    const { parents, codes, children } = this;
    this.parents = new Int32Array(parents.length * 2);
    this.codes = new Int32Array(parents.length * 2);
    this.children = new Int32Array(parents.length * 2);
    this.size = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i]) this.set(parents[i] as number, (codes[i] as number) - 1, children[i] as number);
    }
  }
}

/** The trie while it is built: integer node ids, the edge table, and flat output triples. */
class TrieBuilder {
  nodes = 1;
  readonly edges = new EdgeTable();
  readonly outputs: number[] = []; // node, alias, info
  /** Inflection classes of inner-word stems, by node (few nodes have any). */
  readonly innerMask = new Map<number, number>();
  // The last path looked up and the node after each of its units: the paths of one alias share
  // prefixes (full form, stems, inner words), so most of a path is found without hashing.
  private lastPath = '';
  private lastNodes = new Int32Array(64);

  /** The node at `path`, created with its ancestors if missing. */
  nodeAt(path: string): number {
    const last = this.lastPath;
    let i = 0;
    while (i < path.length && i < last.length && path.charCodeAt(i) === last.charCodeAt(i)) i++;
    if (path.length > this.lastNodes.length) {
      const longer = new Int32Array(path.length * 2);
      longer.set(this.lastNodes);
      this.lastNodes = longer;
    }
    const nodes = this.lastNodes;
    let node = i > 0 ? (nodes[i - 1] as number) : 0;
    for (; i < path.length; i++) {
      const code = path.charCodeAt(i);
      let child = this.edges.get(node, code);
      if (child < 0) {
        child = this.nodes++;
        this.edges.set(node, code, child);
      }
      node = child;
      nodes[i] = node;
    }
    this.lastPath = path;
    return node;
  }

  insert(path: string, alias: number, info: number): void {
    this.outputs.push(this.nodeAt(path), alias, info);
  }
}

/**
 * Every trie path for one alias: the exact folded form, and for each inflecting word either the full
 * word or its stem followed by the INNER edge (inner words) or an inflection output (last word).
 */
function insertAlias(
  root: TrieBuilder,
  folded: string,
  lang: Lang | undefined,
  alias: number,
  acronym: boolean,
): void {
  root.insert(folded, alias, EXACT_BIT);
  const words = folded.split(' ');
  const last = words.length - 1;
  // The prefix (all words but the last): an inflecting word is stored once, as its stem followed by
  // the INNER edge, whichever ending the text gives it (the nominative one included), so a long name
  // does not multiply into every combination of full and inflected words.
  let prefixes: { path: string }[] = [{ path: '' }];
  for (let i = 0; i < last; i++) {
    const word = words[i] ?? '';
    const stems = stemsOf(word, lang, false, acronym);
    const next: typeof prefixes = [];
    for (const p of prefixes) {
      if (!stems.length) next.push({ path: `${p.path}${word} ` });
      for (const stem of stems) {
        // Mark the stem node so the walk knows which endings it may skip there.
        const stemNode = root.nodeAt(p.path + stem.stem);
        root.innerMask.set(stemNode, (root.innerMask.get(stemNode) ?? 0) | stem.cls);
        next.push({ path: `${p.path}${stem.stem}${String.fromCharCode(INNER)} ` });
      }
    }
    prefixes = next.length > 16 ? next.slice(0, 16) : next;
  }
  const lastWord = words[last] ?? '';
  const stems = stemsOf(lastWord, lang, true, acronym);
  for (const p of prefixes) {
    if (p.path) root.insert(p.path + lastWord, alias, EXACT_BIT);
    for (const stem of stems) root.insert(p.path + stem.stem, alias, stem.cls);
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
  const aliases: CompiledAliases = { entity: [], text: [], flags: [], rule: [], lang: [] };
  const rules: CompiledRule[] = [];
  const root = new TrieBuilder();

  live.forEach((entity, e) => {
    const ruleFor = new Map<string, number>();
    for (const rule of entity.ambiguity ?? []) {
      rules.push({
        requires: rule.requires,
        veto: (rule.veto ?? []).map(foldString).filter(Boolean),
        cue: (rule.cue ?? []).map(foldString).filter(Boolean),
        otherSense: rule.otherSense,
      });
      ruleFor.set(foldString(rule.text), rules.length - 1);
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
        insertAlias(root, folded, lang, known, acronym);
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
      aliases.lang.push(lang ?? scriptLang(text));
      insertAlias(root, folded, lang, index, acronym);
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
    aliases,
    rules,
    trie: flatten(root),
  };
}

function flatten(trie: TrieBuilder) {
  const n = trie.nodes;
  // Children of each node, by counting sort on the parent, then by code unit within a parent.
  const edgeCount = trie.edges.size;
  const parentOf = new Int32Array(edgeCount);
  const codeOf = new Uint16Array(edgeCount);
  const childOf = new Int32Array(edgeCount);
  const degree = new Int32Array(n + 1);
  let e = 0;
  trie.edges.forEach((parent, code, child) => {
    parentOf[e] = parent;
    codeOf[e] = code;
    childOf[e] = child;
    degree[parent + 1] = (degree[parent + 1] ?? 0) + 1;
    e++;
  });
  for (let i = 1; i <= n; i++) degree[i] = (degree[i] ?? 0) + (degree[i - 1] ?? 0);
  const fill = degree.slice(0, n);
  const sortedChild = new Int32Array(edgeCount);
  const sortedCode = new Uint16Array(edgeCount);
  for (let i = 0; i < edgeCount; i++) {
    const p = parentOf[i] as number;
    const at = fill[p] as number;
    fill[p] = at + 1;
    sortedChild[at] = childOf[i] as number;
    sortedCode[at] = codeOf[i] as number;
  }
  for (let p = 0; p < n; p++) {
    // Insertion sort: most nodes have one or two children.
    for (let i = (degree[p] as number) + 1; i < (degree[p + 1] as number); i++) {
      const code = sortedCode[i] as number;
      const child = sortedChild[i] as number;
      let j = i - 1;
      while (j >= (degree[p] as number) && (sortedCode[j] as number) > code) {
        sortedCode[j + 1] = sortedCode[j] as number;
        sortedChild[j + 1] = sortedChild[j] as number;
        j--;
      }
      sortedCode[j + 1] = code;
      sortedChild[j + 1] = child;
    }
  }
  // Breadth-first renumbering makes each node's children a contiguous, label-sorted run, and where
  // they start a prefix sum the loader recomputes.
  const order = new Int32Array(n); // new id -> old id
  const label = new Uint16Array(n);
  const count = new Uint16Array(n);
  const newId = new Int32Array(n);
  let tail = 1;
  for (let id = 0; id < n; id++) {
    const old = order[id] as number;
    count[id] = (degree[old + 1] as number) - (degree[old] as number);
    for (let k = degree[old] as number; k < (degree[old + 1] as number); k++) {
      order[tail] = sortedChild[k] as number;
      newId[sortedChild[k] as number] = tail;
      label[tail] = sortedCode[k] as number;
      tail++;
    }
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
  const inner: number[] = [];
  for (const [old, mask] of trie.innerMask) inner.push(newId[old] as number, mask);
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
