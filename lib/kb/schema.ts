/**
 * The knowledge base's source format: one JSON file per entity under kb/<type>/<id>.json.
 * Validated at build time (scripts/build-kb.ts) and in tests; a failure names the file and field.
 */
import * as v from 'valibot';

export const LANGS = ['en', 'ru', 'az', 'hy', 'ka', 'tr', 'fa', 'de', 'fr'] as const;
export type Lang = (typeof LANGS)[number];
/** The seven languages every entity must be named in; de/fr only where they differ from English. */
export const REQUIRED_LANGS = ['en', 'ru', 'az', 'hy', 'ka', 'tr', 'fa'] as const;

export const ENTITY_TYPES = [
  'state',
  'organization',
  'person',
  'place',
  'corridor',
  'company',
  'event',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const RELATION_TYPES = [
  'member_of', // state/org -> org
  'observer_of',
  'partner_of',
  'part_of', // place -> place/state, route -> corridor
  'located_in', // place/company -> state/place
  'capital_of', // place -> state
  'borders', // state/place -> state/place
  'passes_through', // corridor -> state/place
  'connects', // corridor -> place (endpoints)
  'feeds', // corridor/field -> corridor
  'operated_by', // corridor/field -> company
  'owned_by', // company -> state/company
  'shareholder_of', // company -> corridor/company
  'office_in', // person -> state/org (role says which office)
  'party_to', // state/person -> event/agreement
  'participant_in', // state/org/person -> event
  'successor_of',
  'predecessor_of',
  'controlled_by', // place -> state (de facto)
  'claimed_by', // place -> state
  'recognized_by', // quasi-state -> state
  'caused', // event -> event
  'related_to',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/** ISO date, possibly partial: 2020, 2020-09, 2020-09-27. */
const partialDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD'),
);
/** As-of dates are full dates: when the fact was last checked. */
const fullDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD'),
);
const sourceUrl = v.pipe(v.string(), v.url(), v.startsWith('https://', 'sources must be https URLs'));
const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1));
const slug = v.pipe(v.string(), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case slug'));

const sourced = {
  source: sourceUrl,
  asOf: fullDate,
};

export const FactSchema = v.strictObject({
  label: nonEmpty, // "Capacity", "Length", "Members", "President"
  value: nonEmpty,
  ...sourced,
});

export const RelationSchema = v.strictObject({
  type: v.picklist(RELATION_TYPES),
  target: slug,
  role: v.optional(nonEmpty), // for office_in: "President", "Minister of Foreign Affairs"
  from: v.optional(partialDate),
  to: v.optional(partialDate),
  note: v.optional(nonEmpty),
  ...sourced,
});

export const TimelineEntrySchema = v.strictObject({
  date: partialDate,
  text: nonEmpty,
  ...sourced,
});

export const NamingSchema = v.strictObject({
  note: nonEmpty,
  usage: v.pipe(
    v.array(v.strictObject({ name: nonEmpty, usedBy: nonEmpty })),
    v.minLength(2, 'a naming note compares at least two names'),
  ),
  ...sourced,
});

/** Context rule for an ambiguous surface form (Georgia, Turkey, BTC, TAP, BP, Armenia, Qarabağ...). */
export const AmbiguitySchema = v.strictObject({
  text: nonEmpty, // the name or alias this rule governs
  /**
   * 'region': mark only when a cue is near, or the paragraph or the page is about the region.
   * 'no-veto': mark unless a veto word is nearer than any cue (for names that are usually right).
   */
  requires: v.picklist(['region', 'no-veto']),
  /** Words that, near the mention, mean it is the other sense (Atlanta, recipe, crypto...). */
  veto: v.optional(v.array(nonEmpty)),
  /** Words that, near the mention, confirm this sense (Tbilisi, pipeline...). */
  cue: v.optional(v.array(nonEmpty)),
  /** What the other sense is, for readers and reviewers. */
  otherSense: nonEmpty,
});

export const AliasSchema = v.strictObject({
  text: nonEmpty,
  lang: v.optional(v.picklist(LANGS)),
  /** Acronyms and names that are common words in lower case match only as written. */
  caseSensitive: v.optional(v.boolean()),
});

const requiredNames = v.pipe(v.array(nonEmpty), v.minLength(1, 'needs at least one name in this language'));
const optionalNames = v.optional(v.pipe(v.array(nonEmpty), v.minLength(1)));
const namesSchema = v.strictObject({
  en: requiredNames,
  ru: requiredNames,
  az: requiredNames,
  hy: requiredNames,
  ka: requiredNames,
  tr: requiredNames,
  fa: requiredNames,
  de: optionalNames,
  fr: optionalNames,
});

export const EntitySchema = v.strictObject({
  id: slug,
  /** Wikidata QID, only where certain. */
  qid: v.optional(v.pipe(v.string(), v.regex(/^Q\d+$/, 'must be a Wikidata QID like Q227'))),
  type: v.picklist(ENTITY_TYPES),
  subtype: nonEmpty,
  /** First name per language is the display name; the rest are variants and transliterations. */
  names: namesSchema,
  aliases: v.optional(v.array(AliasSchema)),
  /** Adjectives and demonyms (Azerbaijani, армянский). Recognized separately from names. */
  demonyms: v.optional(v.record(v.picklist(LANGS), v.array(nonEmpty))),
  ambiguity: v.optional(v.array(AmbiguitySchema)),
  summary: v.pipe(nonEmpty, v.minLength(80, 'summary is two to four sentences')),
  /** Sources for the summary. */
  sources: v.pipe(v.array(sourceUrl), v.minLength(1, 'needs at least one source')),
  asOf: fullDate,
  /** Events: when it happened. */
  start: v.optional(partialDate),
  end: v.optional(partialDate),
  facts: v.optional(v.array(FactSchema)),
  relations: v.optional(v.array(RelationSchema)),
  timeline: v.optional(v.array(TimelineEntrySchema)),
  naming: v.optional(NamingSchema),
  /** Set when the entity was merged or renamed: notes attached to it follow the target. */
  replacedBy: v.optional(slug),
});

export type Entity = v.InferOutput<typeof EntitySchema>;
export type Fact = v.InferOutput<typeof FactSchema>;
export type Relation = v.InferOutput<typeof RelationSchema>;
