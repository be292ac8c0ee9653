/**
 * Marks ranges with the CSS Custom Highlight API, one named highlight per entity type, so the page's
 * DOM is never touched. The names are what entrypoints/content/style.css styles.
 */
import type { EntityType } from '../kb/schema.ts';

export const highlightName = (type: EntityType) => `caucasus-lens-${type}`;

export class Highlighter {
  private readonly byType = new Map<EntityType, Highlight>();
  // Our own list of each highlight's ranges: Firefox cannot iterate a Highlight holding page ranges
  // from a content script ("Xray wrapping of iterators not supported").
  private readonly ranges = new Map<EntityType, Range[]>();

  add(type: EntityType, range: Range): void {
    let highlight = this.byType.get(type);
    if (!highlight) {
      highlight = new Highlight();
      this.byType.set(type, highlight);
      this.ranges.set(type, []);
      CSS.highlights.set(highlightName(type), highlight);
    }
    highlight.add(range);
    this.ranges.get(type)?.push(range);
  }

  count(): number {
    let total = 0;
    for (const list of this.ranges.values()) total += list.length;
    return total;
  }

  /** Drops the marks `gone` picks. */
  removeWhere(gone: (range: Range) => boolean): void {
    for (const [type, list] of this.ranges) {
      const highlight = this.byType.get(type);
      const kept: Range[] = [];
      for (const range of list) {
        if (gone(range)) highlight?.delete(range);
        else kept.push(range);
      }
      this.ranges.set(type, kept);
    }
  }

  clear(): void {
    // Only the names we set: touching the registry costs (~0.6 ms for seven deletes on every page).
    for (const type of this.byType.keys()) CSS.highlights.delete(highlightName(type));
    this.byType.clear();
    this.ranges.clear();
  }
}
