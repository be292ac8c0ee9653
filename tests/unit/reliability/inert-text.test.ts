/**
 * Hostile note text (HTML, <script>, javascript: links, bidi overrides, a 1 MB body) stays text: in
 * the rendered note, in the Markdown export (neutralised), and in the JSON export (data, unchanged).
 * The real-browser side (card and side panel) is tests/e2e/reliability/inert-text.test.ts.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { NoteBody, SHOWN_CHARS } from '../../../components/NoteBody.tsx';
import type { ImportedNote } from '../../../lib/db/notes-store.ts';
import {
  readAnnotationCollection,
  toAnnotationCollection,
  toMarkdown,
} from '../../../lib/notes/interchange.ts';

const HOSTILE = [
  '<script>globalThis.pwned = 1</script>',
  '<img src=x onerror="globalThis.pwned = 1">',
  '<a href="javascript:globalThis.pwned=1">html link</a>',
  '[md link](javascript:globalThis.pwned=1)',
  '[spaced](  javascript:alert(1))',
  '[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '<!-- comment --><style>*{display:none}</style>',
  '\u202Egnp.exe\u202C and \u202Dforced\u202C',
  '#<b>tag</b> #ok',
];

function rendered(body: string): Element {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const root = document.getElementById('root') as unknown as Element;
  const saved = globalThis.document;
  globalThis.document = document as unknown as Document;
  try {
    render(h(NoteBody, { body }), root);
  } finally {
    globalThis.document = saved;
  }
  return root;
}

const note = (body: string, extra: Partial<ImportedNote> = {}): ImportedNote => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'page',
  entityIds: ['armenia'],
  url: 'https://news.example/a',
  body,
  tags: [],
  createdAt: 0,
  updatedAt: 0,
  device: 'd',
  ...extra,
});

describe('hostile note text', () => {
  it.each(HOSTILE)('renders %s as text, every piece in its own bidi isolate', (body) => {
    const root = rendered(body);
    const allowed = new Set(['DIV', 'P', 'BR', 'UL', 'LI', 'STRONG', 'EM', 'CODE', 'A', 'SPAN', 'BDI']);
    for (const element of root.querySelectorAll('*')) {
      expect(allowed.has(element.tagName), element.tagName).toBe(true);
      for (const name of element.getAttributeNames()) expect(name.startsWith('on')).toBe(false);
    }
    expect(root.querySelector('a')).toBeNull();
    // Every text node sits in a <bdi> (the tag's "#" aside), so no override reaches its neighbours.
    const walker = (node: Node): Node[] =>
      [...node.childNodes].flatMap((c) => (c.nodeType === 3 ? [c] : walker(c)));
    for (const text of walker(root))
      if (text.textContent !== '#') expect((text.parentNode as Element).tagName).toBe('BDI');
    expect(root.textContent?.replace(/\s+/g, '')).toBe(body.replace(/\s+/g, ''));
  });

  it('renders a 1 MB body to its first 20,000 characters, as text, and the whole of it on request', () => {
    const body = `<script>x</script>\u202E${'a'.repeat(1024 * 1024)}`;
    const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
    const root = document.getElementById('root') as unknown as Element;
    const saved = globalThis.document;
    globalThis.document = document as unknown as Document;
    try {
      act(() => render(h(NoteBody, { body }), root));
      const button = root.querySelector('[data-testid="show-whole"]') as HTMLButtonElement;
      expect(root.querySelector('.note-body p')?.textContent).toBe(body.slice(0, SHOWN_CHARS));
      act(() => {
        button.click();
      });
      expect(root.querySelectorAll('script, a, button')).toHaveLength(0);
      expect(root.textContent).toBe(body);
    } finally {
      globalThis.document = saved;
    }
  });

  it('Markdown export: no tag opens and no link to anything but http(s) survives', () => {
    const md = toMarkdown(
      HOSTILE.map((body, i) =>
        note(body, {
          id: `00000000-0000-4000-8000-00000000000${i}`,
          title: '<img src=x onerror=alert(1)>](javascript:alert(1)) [x',
          target: {
            quote: { exact: '<script>alert(2)</script>', prefix: '', suffix: '' },
            position: { start: 0, end: 1 },
          },
        }),
      ),
      { title: 'Export' },
    );
    expect(md).not.toContain('<');
    // A link is "](" followed by its target: only http(s) targets are left as links.
    for (const m of md.matchAll(/(?<!\\)\]\(\s*([^)\s]*)/g)) expect(m[1]).toMatch(/^https?:\/\//i);
    // Link definitions are escaped.
    expect(md).not.toMatch(/(^|[^\\])\[[^\]\n]*\]:/m);
    // The words are all there.
    expect(md).toContain('globalThis.pwned = 1');
    expect(md).toContain('\u202Egnp.exe');
  });

  it('Markdown export: a page address that is not http(s) is text, not a link', () => {
    const md = toMarkdown([note('body', { url: 'javascript:alert(1)' })], { title: 'Export' });
    expect(md).toContain('## javascript:alert(1)');
    expect(md).not.toContain('](javascript');
  });

  it('JSON export keeps hostile text as data: it reads back byte for byte', () => {
    const notes = HOSTILE.map((body, i) => note(body, { id: `00000000-0000-4000-8000-00000000001${i}` }));
    const back = readAnnotationCollection(JSON.stringify(toAnnotationCollection(notes, 'All')));
    expect(back.ok && back.notes.map((n) => n.body)).toEqual(HOSTILE);
  });
});
