import type { ComponentChildren } from 'preact';
import { type Inline, parseNote } from '../lib/notes/markdown.ts';

function inline(parts: Inline[]): ComponentChildren {
  return parts.map((part, i) => {
    switch (part.kind) {
      case 'strong':
        return <strong key={i}>{part.text}</strong>;
      case 'em':
        return <em key={i}>{part.text}</em>;
      case 'code':
        return <code key={i}>{part.text}</code>;
      case 'link':
        return (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        );
      case 'tag':
        return (
          <span key={i} class="tag">
            #{part.text}
          </span>
        );
      default:
        return part.text;
    }
  });
}

/**
 * A note's body with its light Markdown, as Preact elements: text is always text. `dir="auto"` and
 * isolation keep right-to-left text and stray bidi controls inside the note.
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
