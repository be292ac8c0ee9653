/**
 * Placeholder matcher for the foundation: one alternation RegExp over the knowledge base's names with
 * Unicode-aware word boundaries. The recognizer (lib/recognizer) replaces it behind the same signature.
 */
import type { EntityType } from '../kb/schema.ts';
import type { KbName } from '../protocol.ts';

export interface Match {
  start: number;
  end: number;
  entityId: string;
  type: EntityType;
}

export type Matcher = (text: string) => Match[];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createNameMatcher(names: readonly KbName[]): Matcher {
  const byKey = new Map<string, KbName>();
  for (const name of names) {
    const key = name.caseSensitive ? name.text : name.text.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, name);
  }
  const build = (list: KbName[], flags: string) => {
    if (!list.length) return null;
    // Longest first so multi-word names win over their parts.
    const alternation = list
      .map((n) => n.text)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|');
    return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation})(?![\\p{L}\\p{N}])`, flags);
  };
  const insensitive = build(
    names.filter((n) => !n.caseSensitive),
    'giu',
  );
  const sensitive = build(
    names.filter((n) => n.caseSensitive),
    'gu',
  );

  return (text) => {
    const found: Match[] = [];
    for (const re of [sensitive, insensitive]) {
      if (!re) continue;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const key = re === sensitive ? m[0] : m[0].toLowerCase();
        const name = byKey.get(key);
        if (name)
          found.push({
            start: m.index,
            end: m.index + m[0].length,
            entityId: name.entityId,
            type: name.type,
          });
      }
    }
    // Drop overlaps, keeping the longer (then earlier) span.
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const result: Match[] = [];
    for (const match of found) {
      const last = result[result.length - 1];
      if (last && match.start < last.end) continue;
      result.push(match);
    }
    return result;
  };
}
