import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type Inline, parseNote } from '../lib/notes/markdown.ts';

/**
 * Characters shown until the reader asks for the rest: as much as the extension lets one write. An
 * imported or synced note may hold 200,000, and Chromium lays out one long paragraph of Armenian in
 * time growing with its square (seconds for a note, the panel frozen meanwhile).
 */
export const SHOWN_CHARS = 20_000;

// Every piece of text sits in its own <bdi>: a bidi override (U+202E…) or embedding written in one
// piece ends with it, so it cannot reorder the text, links or tags around it. The characters are kept
// (a note's text is the reader's data, exported and searched as written); only their reach is cut.
function inline(parts: Inline[]): ComponentChildren {
  return parts.map((part, i) => {
    switch (part.kind) {
      case 'strong':
        return (
          <strong key={i}>
            <bdi>{part.text}</bdi>
          </strong>
        );
      case 'em':
        return (
          <em key={i}>
            <bdi>{part.text}</bdi>
          </em>
        );
      case 'code':
        return (
          <code key={i}>
            <bdi>{part.text}</bdi>
          </code>
        );
      case 'link':
        return (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            <bdi>{part.text}</bdi>
          </a>
        );
      case 'tag':
        return (
          <span key={i} class="tag">
            #<bdi>{part.text}</bdi>
          </span>
        );
      default:
        return <bdi key={i}>{part.text}</bdi>;
    }
  });
}

/**
 * A note's body with its light Markdown, as Preact elements: text is always text. `dir="auto"` and
 * isolation keep right-to-left text and stray bidi controls inside the note, and inside each piece.
 */
export function NoteBody({ body }: { body: string }) {
  const [whole, setWhole] = useState(false);
  const cut = whole || body.length <= SHOWN_CHARS ? body.length : endBefore(body, SHOWN_CHARS);
  return (
    <div class="note-body" dir="auto" style={{ unicodeBidi: 'isolate' }}>
      {parseNote(body.slice(0, cut)).map((block, i) =>
        block.kind === 'list' ? (
          <ul key={i}>
            {block.items.map((item, j) => (
              <li key={j}>{inline(item)}</li>
            ))}
          </ul>
        ) : (
          <p key={i}>
            {block.lines.map((line, j) => (
              <>
                {j > 0 && <br />}
                {inline(line)}
              </>
            ))}
          </p>
        ),
      )}
      {cut < body.length && (
        <button type="button" class="link" data-testid="show-whole" onClick={() => setWhole(true)}>
          … show the whole note ({body.length.toLocaleString()} characters)
        </button>
      )}
    </div>
  );
}

/** `at`, or one less so as not to split a surrogate pair. */
function endBefore(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
