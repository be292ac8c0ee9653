/**
 * The light Markdown of notes, parsed to plain data (never to HTML): paragraphs, "- " lists,
 * **bold**, *italic*, `code`, [links](https://…) and #tags. The renderer turns this into Preact
 * elements, so whatever a note contains reaches the page only as text; links are http(s) only.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em' | 'code'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'tag'; text: string };

export type Block = { kind: 'p'; lines: Inline[][] } | { kind: 'list'; items: Inline[][] };

const INLINE =
  /\*\*([^*\n]+)\*\*|\*([^*\n]+)\*|_([^_\n]+)_|`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|(^|\s)#([\p{L}\p{N}_-]{1,40})/gu;

export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    const at = m.index ?? 0;
    const lead = m[7] ?? '';
    if (at + lead.length > last) out.push({ kind: 'text', text: line.slice(last, at + lead.length) });
    if (m[1] !== undefined) out.push({ kind: 'strong', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'em', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'em', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'code', text: m[4] });
    else if (m[5] !== undefined && m[6] !== undefined) {
      const href = safeHref(m[6]);
      out.push(href ? { kind: 'link', text: m[5], href } : { kind: 'text', text: m[0] });
    } else if (m[8] !== undefined) out.push({ kind: 'tag', text: m[8] });
    last = at + m[0].length;
  }
  if (last < line.length) out.push({ kind: 'text', text: line.slice(last) });
  return out;
}

export function parseNote(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((l) => l.trim());
    if (!lines.length) continue;
    if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
      blocks.push({ kind: 'list', items: lines.map((l) => parseInline(l.replace(/^\s*[-*]\s+/, ''))) });
    } else blocks.push({ kind: 'p', lines: lines.map(parseInline) });
  }
  return blocks;
}
