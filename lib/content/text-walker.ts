/** Finds the page's readable text nodes, skipping code, forms, editors and hidden subtrees. */

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'CODE',
  'PRE',
  'SVG',
  'MATH',
  'IFRAME',
  'HEAD',
  'TITLE',
]);

function rejects(element: Element): boolean {
  if (SKIP.has(element.tagName.toUpperCase())) return true;
  if (element instanceof HTMLElement && (element.isContentEditable || element.hidden)) return true;
  return element.getAttribute('aria-hidden') === 'true';
}

export function collectTextNodes(root: Node): Text[] {
  const nodes: Text[] = [];
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        return rejects(node as Element) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
      return (node as Text).data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}
