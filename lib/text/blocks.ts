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

/** An element that starts a block of its own (a <p>, a <br>, a <div>): not one of the inline ones. */
function isBlockElement(node: Node | null): boolean {
  return node?.nodeType === ELEMENT && !INLINE.has((node as Element).tagName.toUpperCase());
}

/** Text a name could be part of, next to a change: an inline element, or text that is not only space. */
function isInlineContent(node: Node | null): boolean {
  if (!node) return false;
  if (node.nodeType === TEXT) return (node as Text).data.trim() !== '';
  return node.nodeType === ELEMENT && !isBlockElement(node);
}

/**
 * The parts of a DOM change that touch text, as a MutationObserver reports it. Nodes are told apart by
 * nodeType, never instanceof: in Firefox a content script sees page nodes through Xray wrappers.
 */
export interface TextChange {
  type: string;
  target: Node;
  addedNodes: ArrayLike<Node>;
  removedNodes: ArrayLike<Node>;
  previousSibling: Node | null;
  nextSibling: Node | null;
}

/**
 * What must be read again after a change: an added block element is read on its own, and the block
 * around a change only when its own text changed (text or an inline element added or removed, or a
 * block put into or taken out of the middle of a run of text, which splits or joins it). Not the
 * whole container: a feed appending paragraphs would otherwise have all of them read again at
 * every append. A removed block's marks go with it (the caller drops marks whose text left).
 */
export function changedRoots(change: TextChange): Node[] {
  if (change.type === 'characterData') {
    const parent = change.target.parentElement;
    return parent ? [blockOf(parent)] : [];
  }
  if (change.target.nodeType !== ELEMENT) return [];
  const roots: Node[] = [];
  let around = false;
  let blocks = false;
  for (let i = 0; i < change.addedNodes.length; i++) {
    const node = change.addedNodes[i] as Node;
    if (isBlockElement(node)) {
      roots.push(node);
      blocks = true;
    } else if (node.nodeType === TEXT || node.nodeType === ELEMENT) around = true;
  }
  for (let i = 0; i < change.removedNodes.length; i++) {
    const node = change.removedNodes[i] as Node;
    if (isBlockElement(node)) blocks = true;
    else if (node.nodeType === TEXT || node.nodeType === ELEMENT) around = true;
  }
  if (blocks && isInlineContent(change.previousSibling) && isInlineContent(change.nextSibling)) around = true;
  if (around) roots.push(blockOf(change.target as Element));
  return roots;
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
  // Depth-first along firstChild / nextSibling / parentNode: pages can be thousands of levels deep,
  // and an element can have tens of thousands of children (reading them all at once, as a list, was
  // one long task on the 5 MB stress page: the browser makes an object for each node we touch).
  const isBlock = (node: Node) =>
    node.nodeType === ELEMENT && !INLINE.has((node as Element).tagName.toUpperCase());
  let node: Node = root;
  walk: for (;;) {
    let entered = false;
    if (node.nodeType === TEXT) {
      const data = (node as Text).data;
      if (data) {
        current.starts.push(current.text.length);
        current.nodes.push(node as Text);
        current.text += data;
        total += data.length;
        if (total > max) break;
      }
    } else if (node.nodeType === ELEMENT) {
      const element = node as Element;
      if (!rejects(element) && !options.isHidden?.(element)) {
        entered = true;
        if (isBlock(element)) {
          const done = take(); // a block starts: the text before it is one
          if (done) {
            yield done;
            // The page may have changed while we were paused: never wander outside the root.
            if (!root.contains(node)) return;
          }
        }
      }
    } else entered = node === root; // a document or fragment root
    const first = entered ? node.firstChild : null;
    if (first) {
      node = first;
      continue;
    }
    // `node` is done: close it and every ancestor whose last child it was, then go on to the next.
    let done: Node = node;
    for (;;) {
      if (entered && isBlock(done)) {
        const block = take(); // a block ends
        if (block) {
          yield block;
          if (!root.contains(done)) return;
        }
      }
      if (done === root) break walk;
      const next = done.nextSibling;
      if (next) {
        node = next;
        continue walk;
      }
      const parent = done.parentNode;
      if (!parent) break walk;
      done = parent;
      entered = true; // every ancestor we climb out of was entered
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
