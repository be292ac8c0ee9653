import type { ComponentChildren } from 'preact';
import { type Inline, parseNote } from '../lib/notes/markdown.ts';

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
  return (
    <div class="note-body" dir="auto" style={{ unicodeBidi: 'isolate' }}>
      {parseNote(body).map((block, i) =>
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
    </div>
  );
}
