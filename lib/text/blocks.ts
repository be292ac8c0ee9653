/**
 * The readable text of a DOM subtree, as blocks: the text of one paragraph-like element with its
 * inline descendants (so `Southern <b>Gas</b> Corridor` is one string), and where each text node
 * starts in it. Skips code, forms, editors and hidden subtrees. DOM-generic: works in the page and
 * on a parsed document in Node (the CLI).
 */

export interface TextBlock {
  text: string;
  nodes: Text[];
  /** Offset of nodes[i] within text. */
  starts: number[];
}

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'BUTTON',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
  'MATH',
]);

const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'DEL',
  'LABEL',
  'MARK',
  'Q',
  'S',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'WBR',
  'NOBR',
  'TT',
  'BIG',
  'ACRONYM',
  // SVG text runs: `<text>Southern <tspan>Gas</tspan> Corridor</text>` is one name.
  'TSPAN',
  'TEXTPATH',
]);

const ELEMENT = 1;
const TEXT = 3;

/**
 * The nearest ancestor that is a block by the same rule collectBlocks uses: the unit a mention can
 * span, and so what must be read again when something inside it changes.
 */
export function blockOf(element: Element): Element {
  let current: Element | null = element;
  while (current && INLINE.has(current.tagName.toUpperCase())) current = current.parentElement;
  return current ?? element;
}

/** Hidden, or the reader's own text being edited. One selector match: each DOM call costs. */
const REJECTED =
  '[hidden],[aria-hidden="true"],[contenteditable]:not([contenteditable="false"]),[role="textbox"]';

function rejects(element: Element): boolean {
  return SKIP.has(element.tagName.toUpperCase()) || element.matches(REJECTED);
}

export interface CollectOptions {
  /** Extra test for hidden elements (the page uses computed styles; Node has none). */
  isHidden?: (element: Element) => boolean;
  /** Stop after this many characters (a safety net for enormous pages). */
  maxChars?: number;
}

export function collectBlocks(root: Node, options: CollectOptions = {}): TextBlock[] {
  return [...walkBlocks(root, options)];
}

/** The blocks one at a time, so a caller can pause between them (the page must never wait on us). */
export function* walkBlocks(root: Node, options: CollectOptions = {}): Generator<TextBlock> {
  // A root inside an editor or a skipped element (a changed paragraph of a rich-text editor) is
  // the reader's text: nothing in it is read.
  for (let up = root.parentElement; up; up = up.parentElement) if (rejects(up)) return;
  let current: TextBlock = { text: '', nodes: [], starts: [] };
  let total = 0;
  const max = options.maxChars ?? Number.POSITIVE_INFINITY;
  const take = () => {
    const done = current;
    current = { text: '', nodes: [], starts: [] };
    return done.nodes.length && done.text.trim() ? done : null;
  };
  // Iterative depth-first walk: pages can be thousands of levels deep.
  const stack: (Node | null)[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node === null) {
      const block = take(); // end of a block element
      if (block) yield block;
      continue;
    }
    if (!node) continue;
    if (node.nodeType === TEXT) {
      const data = (node as Text).data;
      if (!data) continue;
      current.starts.push(current.text.length);
      current.nodes.push(node as Text);
      current.text += data;
      total += data.length;
      if (total > max) break;
      continue;
    }
    if (node.nodeType !== ELEMENT && node !== root) continue;
    if (node.nodeType === ELEMENT) {
      const element = node as Element;
      if (rejects(element) || options.isHidden?.(element)) continue;
      const block = !INLINE.has(element.tagName.toUpperCase());
      if (block) {
        const done = take();
        if (done) yield done;
        stack.push(null);
      }
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  const last = take();
  if (last) yield last;
}

/** The position in a block's nodes of a block text offset: which node, and where in it. */
export function locate(block: TextBlock, offset: number): { node: Text; offset: number } | null {
  let lo = 0;
  let hi = block.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((block.starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const node = block.nodes[lo];
  if (!node) return null;
  return { node, offset: offset - (block.starts[lo] as number) };
}
