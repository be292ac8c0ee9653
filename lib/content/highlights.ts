/**
 * Marks ranges with the CSS Custom Highlight API, one named highlight per entity type, so the page's
 * DOM is never touched. The names are what entrypoints/content/style.css styles.
 */
import { ENTITY_TYPES, type EntityType } from '../kb/schema.ts';

export const highlightName = (type: EntityType) => `caucasus-lens-${type}`;

export function supportsHighlights(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

export class Highlighter {
  private readonly byType = new Map<EntityType, Highlight>();

  add(type: EntityType, range: Range): void {
    let highlight = this.byType.get(type);
    if (!highlight) {
      highlight = new Highlight();
      this.byType.set(type, highlight);
      CSS.highlights.set(highlightName(type), highlight);
    }
    highlight.add(range);
  }

  count(): number {
    let total = 0;
    for (const highlight of this.byType.values()) total += highlight.size;
    return total;
  }

  clear(): void {
    for (const type of ENTITY_TYPES) CSS.highlights.delete(highlightName(type));
    this.byType.clear();
  }
}
