/**
 * What the bench compares us with, run in the page's own world on a fresh load (the first run after
 * load is what a reader pays). Each is one synchronous call, so a clock around it is its main-thread
 * time. The functions are serialized into the page: they use nothing from this module's scope.
 */

/** One alternation of every alias, longest first, outside words in any script (what `\b` can't do). */
export function aliasPattern(aliases: readonly string[]): string {
  const escaped = [...new Set(aliases)]
    .sort((a, b) => b.length - a.length)
    .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`;
}

export interface PeerRun {
  ms: number;
  matches: number;
}

/** The floor: read every text node and look at every character once. */
export function floor(): { ms: number; nodes: number; chars: number; checksum: number } {
  const start = performance.now();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let nodes = 0;
  let chars = 0;
  let sum = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node as Text).data;
    nodes++;
    chars += text.length;
    for (let i = 0; i < text.length; i++) sum = (sum + text.charCodeAt(i)) | 0;
  }
  const ms = performance.now() - start;
  // The checksum keeps the loop from being optimized away.
  return { ms, nodes, chars, checksum: sum };
}

/** The naive approach: a TreeWalker, one big RegExp over each text node, a highlight per match. */
export function naive(pattern: string): PeerRun {
  const start = performance.now();
  const re = new RegExp(pattern, 'giu');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const ranges: Range[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node as Text).data;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const range = new Range();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      ranges.push(range);
    }
  }
  CSS.highlights.set('bench-naive', new Highlight(...ranges));
  return { ms: performance.now() - start, matches: ranges.length };
}

interface MarkJs {
  markRegExp(re: RegExp, options: { done?: (count: number) => void }): void;
  mark(terms: string[], options: { separateWordSearch: boolean; done?: (count: number) => void }): void;
}
type MarkCtor = new (root: Element) => MarkJs;

/** mark.js (the most used in-page highlighter), with the same RegExp (mark.js needs `g` and no `y`). */
export function markJs(pattern: string): PeerRun {
  const Mark = (window as unknown as { Mark: MarkCtor }).Mark;
  const start = performance.now();
  let matches = 0;
  new Mark(document.body).markRegExp(new RegExp(pattern, 'giu'), {
    done: (count) => {
      matches = count;
    },
  });
  return { ms: performance.now() - start, matches };
}

/** mark.js given the terms themselves, its usual API: reports how it fails with this many terms. */
export function markJsTerms(terms: string[]): { ms: number; error: string | null; matches: number } {
  const Mark = (window as unknown as { Mark: MarkCtor }).Mark;
  const start = performance.now();
  let matches = 0;
  try {
    new Mark(document.body).mark(terms, {
      separateWordSearch: false,
      done: (count) => {
        matches = count;
      },
    });
    return { ms: performance.now() - start, error: null, matches };
  } catch (error) {
    return { ms: performance.now() - start, error: String(error), matches };
  }
}
