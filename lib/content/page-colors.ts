/**
 * Whether the page is dark where a mention sits: the first opaque background from the mention up to
 * the root decides; with none, the page's colour scheme (its color-scheme and the reader's preference).
 */
export function isDarkBehind(node: Node): boolean {
  let element: Element | null = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  while (element) {
    const rgba = parseColor(getComputedStyle(element).backgroundColor);
    if (rgba && rgba[3] > 0.5) return luminance(rgba) < 0.4;
    element = element.parentElement;
  }
  const scheme = getComputedStyle(document.documentElement).colorScheme;
  const pageAllowsDark = scheme.includes('dark');
  return pageAllowsDark && matchMedia('(prefers-color-scheme: dark)').matches;
}

function parseColor(value: string): [number, number, number, number] | null {
  const m = value.match(/rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)/);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number(m[4]);
  return [Number(m[1]), Number(m[2]), Number(m[3]), alpha];
}

/** Relative luminance (WCAG), 0 black to 1 white. */
function luminance([r, g, b]: readonly number[]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
}
