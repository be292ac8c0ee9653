/**
 * Notes in and out: a W3C Web Annotation AnnotationCollection (JSON-LD) that keeps everything a note
 * has (our own fields under the `lens:` prefix), a Markdown rendering that reads well on its own, and
 * the import that validates a file before anything is written.
 */
import * as v from 'valibot';
import type { ImportedNote } from '../db/notes-store.ts';
import type { Entity } from '../kb/schema.ts';

const ENTITY_BASE = 'https://caucasus-lens.org/entity/';
const LENS_NS = 'https://caucasus-lens.org/ns#';
/**
 * Larger files are refused before parsing: a clear error instead of a frozen panel. 32 MB is about
 * 30,000 notes. The file travels to the background as one message, and Chrome refuses messages over
 * 64 MiB once serialized, where every quote of the JSON doubles: a 64 MB limit would fail there first,
 * with the browser's error. Parsing and validating a 50 MB export takes about 2 s and 160 MB in Node.
 */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

const iso = (ms: number) => new Date(ms).toISOString();

function toAnnotation(note: ImportedNote) {
  const target =
    note.kind === 'passage' && note.url && note.target
      ? {
          source: note.url,
          selector: [
            { type: 'TextQuoteSelector', ...note.target.quote },
            { type: 'TextPositionSelector', ...note.target.position },
          ],
        }
      : note.kind === 'page' && note.url
        ? { source: note.url }
        : { source: `${ENTITY_BASE}${note.entityIds[0] ?? ''}` };
  return {
    id: `urn:uuid:${note.id}`,
    type: 'Annotation',
    motivation: 'commenting',
    created: iso(note.createdAt),
    modified: iso(note.updatedAt),
    body: [
      { type: 'TextualBody', value: note.body, format: 'text/markdown', purpose: 'commenting' },
      ...note.tags.map((tag) => ({ type: 'TextualBody', value: tag, purpose: 'tagging' })),
      ...note.entityIds.map((id) => ({
        type: 'SpecificResource',
        source: `${ENTITY_BASE}${id}`,
        purpose: 'identifying',
      })),
    ],
    target,
    'lens:kind': note.kind,
    'lens:entities': note.entityIds,
    'lens:device': note.device,
    ...(note.url ? { 'lens:page': note.url } : {}),
    ...(note.canonical ? { 'lens:canonical': note.canonical } : {}),
    ...(note.title ? { 'lens:title': note.title } : {}),
  };
}

export function toAnnotationCollection(notes: readonly ImportedNote[], label: string, now = Date.now()) {
  return {
    '@context': ['http://www.w3.org/ns/anno.jsonld', { lens: LENS_NS }],
    type: 'AnnotationCollection',
    label,
    generator: { type: 'Software', name: 'Caucasus Lens' },
    generated: iso(now),
    total: notes.length,
    first: { type: 'AnnotationPage', startIndex: 0, items: notes.map(toAnnotation) },
  };
}

// ---------------------------------------------------------------- import

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const isoDate = v.pipe(v.string(), v.isoTimestamp('not an ISO date-time'));
const slug = v.pipe(v.string(), v.maxLength(120), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'not an entity id'));
const TAG_VALUE = /^[\p{L}\p{N}_-]{1,40}$/u;
const httpUrl = v.pipe(text(4000), v.url(), v.regex(/^https?:/, 'not an http(s) URL'));

const AnnotationSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^urn:uuid:[0-9a-f-]{36}$/i, 'id must be urn:uuid:…')),
  type: v.literal('Annotation'),
  created: isoDate,
  modified: isoDate,
  body: v.pipe(
    v.array(
      v.pipe(
        v.object({
          type: text(100),
          value: v.optional(text(200_000)),
          source: v.optional(text(4000)),
          purpose: v.optional(text(100)),
        }),
        // A tag is what the note's own #tags are made of: no spaces, markup or control characters.
        v.check(
          (b) => b.purpose !== 'tagging' || (b.value !== undefined && TAG_VALUE.test(b.value)),
          'a tag is 1 to 40 letters, digits, _ or -',
        ),
      ),
    ),
    v.maxLength(1000),
  ),
  target: v.object({
    source: text(4000),
    selector: v.optional(
      v.array(
        v.variant('type', [
          v.object({
            type: v.literal('TextQuoteSelector'),
            exact: text(20_000),
            prefix: v.optional(text(1000), ''),
            suffix: v.optional(text(1000), ''),
          }),
          v.object({
            type: v.literal('TextPositionSelector'),
            start: v.pipe(v.number(), v.integer(), v.minValue(0)),
            end: v.pipe(v.number(), v.integer(), v.minValue(0)),
          }),
        ]),
      ),
    ),
  }),
  'lens:kind': v.picklist(['entity', 'page', 'passage']),
  'lens:entities': v.pipe(v.array(slug), v.maxLength(200)),
  'lens:device': text(100),
  'lens:page': v.optional(httpUrl),
  'lens:canonical': v.optional(httpUrl),
  'lens:title': v.optional(text(2000)),
});

const CollectionSchema = v.object({
  // The W3C context first, and our namespace: another vocabulary, or another version of ours, is not read.
  '@context': v.pipe(
    v.array(v.unknown(), 'not a Web Annotation @context'),
    v.check(
      (context) =>
        context[0] === ANNO_CONTEXT &&
        context.some(
          (entry) =>
            typeof entry === 'object' && entry !== null && (entry as { lens?: unknown }).lens === LENS_NS,
        ),
      `the @context must be the W3C annotation context with lens: ${LENS_NS}`,
    ),
  ),
  type: v.literal('AnnotationCollection', 'not an AnnotationCollection'),
  first: v.object({ items: v.pipe(v.array(AnnotationSchema), v.maxLength(500_000)) }),
});

export type ImportResult = { ok: true; notes: ImportedNote[] } | { ok: false; error: string };

/** Parses and validates an export; never throws. Returns notes ready to merge, or what is wrong. */
export function readAnnotationCollection(raw: string): ImportResult {
  if (raw.length > MAX_IMPORT_BYTES) {
    return { ok: false, error: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: `Not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = v.safeParse(CollectionSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return {
      ok: false,
      error: `Not a Caucasus Lens notes export: ${path ? `${path}: ` : ''}${issue.message}`,
    };
  }
  const notes: ImportedNote[] = [];
  for (const a of parsed.output.first.items) {
    const quote = a.target.selector?.find((s) => s.type === 'TextQuoteSelector');
    const position = a.target.selector?.find((s) => s.type === 'TextPositionSelector');
    const kind = a['lens:kind'];
    if (kind === 'passage' && (!quote || !position || !a['lens:page'])) {
      return { ok: false, error: `Passage note ${a.id} has no quote, position or page.` };
    }
    const body = a.body.find((b) => b.purpose === 'commenting' && b.value !== undefined)?.value ?? '';
    notes.push({
      id: a.id.slice('urn:uuid:'.length).toLowerCase(),
      kind,
      entityIds: a['lens:entities'],
      ...(a['lens:page'] ? { url: a['lens:page'] } : {}),
      ...(a['lens:canonical'] ? { canonical: a['lens:canonical'] } : {}),
      ...(a['lens:title'] ? { title: a['lens:title'] } : {}),
      ...(kind === 'passage' &&
      quote?.type === 'TextQuoteSelector' &&
      position?.type === 'TextPositionSelector'
        ? {
            target: {
              quote: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
              position: { start: position.start, end: position.end },
            },
          }
        : {}),
      body,
      tags: a.body.filter((b) => b.purpose === 'tagging' && b.value).map((b) => b.value as string),
      createdAt: Date.parse(a.created),
      updatedAt: Date.parse(a.modified),
      device: a['lens:device'],
    });
  }
  return { ok: true, notes };
}

// ---------------------------------------------------------------- Markdown

/**
 * Text from notes and pages made inert for Markdown viewers, many of which render raw HTML and follow
 * any link: `<` becomes `&lt;` (no tag, comment or autolink can open), and a link or link definition
 * whose target is not http(s) loses its link syntax. The reader's own Markdown otherwise stays as written.
 */
export function inertMarkdown(s: string): string {
  return s
    .replace(/</g, '&lt;')
    .replace(/\]\((?!\s*https?:\/\/)/gi, ']\\(')
    .replace(/\[([^\]\n]*)\]:/g, '\\[$1]:');
}

/** A page title for a heading's link text: one line, no tag, every bracket escaped (no link inside). */
const inertLine = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/[[\]\\]/g, '\\$&');

/** A page address as a link target, or null when it is not http(s) (then it is shown as text). */
function linkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return null;
  }
}

const quoteLines = (s: string) =>
  inertMarkdown(s)
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

/** Notes as a Markdown document: optionally an entity's summary first, then notes grouped by page. */
export function toMarkdown(
  notes: readonly ImportedNote[],
  options: { title: string; entity?: Entity; nameOf?: (id: string) => string },
): string {
  const out = [`# ${options.title}`, ''];
  if (options.entity) {
    out.push(
      options.entity.summary,
      '',
      `*As of ${options.entity.asOf}. Sources: ${options.entity.sources.join(', ')}*`,
      '',
    );
  }
  const byPage = new Map<string, ImportedNote[]>();
  for (const note of notes) {
    const key = note.kind === 'entity' && !note.url ? '' : (note.url ?? '');
    byPage.set(key, [...(byPage.get(key) ?? []), note]);
  }
  for (const [url, group] of [...byPage].sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  )) {
    const title = inertLine(group.find((n) => n.title)?.title ?? url);
    const target = linkTarget(url);
    out.push(url ? (target ? `## [${title}](${target})` : `## ${title}`) : '## Notes', '');
    for (const note of group) {
      if (note.target) out.push(quoteLines(note.target.quote.exact), '');
      out.push(inertMarkdown(note.body), '');
      const about = note.entityIds.map((id) => options.nameOf?.(id) ?? id).join(', ');
      out.push(`*${new Date(note.updatedAt).toISOString().slice(0, 10)}${about ? ` · ${about}` : ''}*`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
