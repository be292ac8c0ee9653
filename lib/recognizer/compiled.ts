/** The recognizer's compiled form: what the build writes, the background sends, and scripts load. */
import type { EntityType } from '../kb/schema.ts';

export const FORMAT_VERSION = 3;

/** Flags of an alias. */
export const AliasFlag = {
  /** Match only as written (acronyms: EU, BTC, TAP). */
  CaseSensitive: 1,
  /** The text must start with a capital, as the alias does (Turkey, not turkey). */
  Capitalized: 2,
  /** An adjective or demonym (Azerbaijani, армянский), reported apart from names. */
  Demonym: 4,
  /** Latin script: may carry a French elided article (l'Arménie, d'Azerbaïdjan, l'Europe). */
  Latin: 8,
} as const;

export interface CompiledEntity {
  id: string;
  name: string;
  type: EntityType;
  /** Counts as evidence that a text is about the South Caucasus. */
  regional: boolean;
}

/**
 * The aliases, one per written form of an entity, in parallel arrays: an object per alias costs more
 * to parse than the rest of the compiled form together.
 */
export interface CompiledAliases {
  /** The alias as written in the knowledge base. */
  text: string[];
  /** base64 of an Int32 per alias: index into entities. */
  entity: string;
  /** base64 of an Int32 per alias: AliasFlag bits. */
  flags: string;
  /** base64 of an Int32 per alias: index into rules, or -1. */
  rule: string;
  /** Two letters per alias: the language (a Lang) whose endings it takes. */
  lang: string;
}

export interface CompiledRule {
  /** 'region' or 'no-veto' (see the knowledge-base schema). */
  requires: 'region' | 'no-veto';
  /** Folded words that, nearby, mean the other sense. */
  veto: string[];
  /** Folded words that, nearby, confirm this sense. */
  cue: string[];
  otherSense: string;
}

/**
 * Trie with a node's children contiguous and sorted by label, the runs of children laid out
 * depth-first (a node's run, then the runs below its children in order), so where each node's
 * children and outputs start follows from the counts, recomputed at load rather than shipped.
 */
export interface CompiledTrie {
  nodes: number;
  outputs: number;
  /** base64 of little-endian typed arrays. */
  label: string; // Uint16 per node: folded code unit on the edge into the node
  count: string; // Uint16 per node: number of children
  outCount: string; // Uint8 per node: number of outputs
  outAlias: string; // Int32 per output
  outInfo: string; // Int32 per output: EXACT_BIT for a full form, else inflection classes
  inner: string; // Int32 pairs (node, classes) in node order: where an inner word may take an ending
}

export interface CompiledRecognizer {
  v: typeof FORMAT_VERSION;
  hash: string;
  entities: CompiledEntity[];
  aliases: CompiledAliases;
  rules: CompiledRule[];
  trie: CompiledTrie;
}

/** Edge label marking "an inner word ended here with an ending" (Russian multi-word names). */
export const INNER = 1;
/** Set on outputs of full alias forms; the other bits are inflection classes (inflection.ts). */
export const EXACT_BIT = 1 << 30;
