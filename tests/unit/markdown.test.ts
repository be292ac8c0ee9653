import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { NoteBody } from '../../components/NoteBody.tsx';
import { parseInline, parseNote } from '../../lib/notes/markdown.ts';

function rendered(body: string): Element {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const root = document.getElementById('root') as unknown as Element;
  // Preact renders through the global document.
  const saved = globalThis.document;
  globalThis.document = document as unknown as Document;
  try {
    render(h(NoteBody, { body }), root);
  } finally {
    globalThis.document = saved;
  }
  return root;
}

const ALLOWED = new Set(['DIV', 'P', 'BR', 'UL', 'LI', 'STRONG', 'EM', 'CODE', 'A', 'SPAN', 'BDI']);

describe('note Markdown', () => {
  it('reads bold, italic, code, links, tags, lists and paragraphs', () => {
    expect(
      parseInline('**TRIPP** is *planned*, see [the deal](https://example.org/a) #corridor `x`'),
    ).toEqual([
      { kind: 'strong', text: 'TRIPP' },
      { kind: 'text', text: ' is ' },
      { kind: 'em', text: 'planned' },
      { kind: 'text', text: ', see ' },
      { kind: 'link', text: 'the deal', href: 'https://example.org/a' },
      { kind: 'text', text: ' ' },
      { kind: 'tag', text: 'corridor' },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'x' },
    ]);
    expect(parseNote('one\ntwo\n\n- a\n- b').map((b) => b.kind)).toEqual(['p', 'list']);
  });

  it.each([
    ['<script>alert(1)</script>'],
    ['<img src=x onerror=alert(1)>'],
    ['[click](javascript:alert(1))'],
    ['[click](data:text/html,<script>alert(1)</script>)'],
    ['**<b onmouseover=alert(1)>bold</b>**'],
  ])('renders %s as inert text', (payload) => {
    const root = rendered(payload);
    for (const element of root.querySelectorAll('*')) {
      expect(ALLOWED.has(element.tagName)).toBe(true);
      for (const attribute of element.getAttributeNames()) expect(attribute.startsWith('on')).toBe(false);
      if (element.tagName === 'A') expect(element.getAttribute('href')).toMatch(/^https?:/);
    }
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toContain(payload.replace(/\*\*/g, ''));
  });

  it('keeps bidi overrides inside the note', () => {
    const html = rendered('\u202Eevil\u202C text').innerHTML;
    expect(html).toContain('dir="auto"');
    expect(html).toContain('isolate');
  });
});
