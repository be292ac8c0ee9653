/**
 * The reader's passage notes on this page: fetched from the background, found again in the page's
 * text (exactly or fuzzily), shown with their own highlight and hoverable like marks. Passages that
 * cannot be found are orphans: reported to the side panel, never dropped.
 */
import { send } from '../messaging.ts';
import { anchorPassage, describePassage, type PassageTarget } from '../notes/anchor.ts';
import type { NoteView } from '../protocol.ts';
import type { MarkIndex } from './mark-index.ts';
import { PageText } from './page-text.ts';

export const NOTE_HIGHLIGHT = 'caucasus-lens-note';

export class Passages {
  private readonly index: MarkIndex;
  private text: PageText | null = null;
  private notes = new Map<string, NoteView>();
  anchored: string[] = [];
  orphaned: string[] = [];
  /** Each refresh's number: a newer one makes an older one stop. */
  private run = 0;

  constructor(index: MarkIndex) {
    this.index = index;
  }

  /** The page changed: its text is read again when next needed. */
  pageChanged(): void {
    this.text = null;
  }

  note(id: string): NoteView | undefined {
    return this.notes.get(id);
  }

  private pageText(): PageText {
    this.text ??= new PageText(document.body);
    return this.text;
  }

  /** Fetches this page's notes and anchors the passages; safe to call again at any time. */
  async refresh(): Promise<{ anchored: number; orphaned: number }> {
    const run = ++this.run;
    const answer = await send('notes:for-page', {});
    if (run !== this.run) return { anchored: this.anchored.length, orphaned: this.orphaned.length };
    const notes = answer.ok ? answer.value.notes : [];
    this.notes = new Map(notes.map((n) => [n.id, n]));
    this.index.removeWhere((mark) => mark.noteId !== undefined);
    const highlight = new Highlight();
    // Below the entity marks: pointing at a name inside a passage opens the name's card.
    highlight.priority = -1;
    CSS.highlights.set(NOTE_HIGHLIGHT, highlight);
    const anchored: string[] = [];
    const orphaned: string[] = [];
    const passages = notes.filter((n) => n.kind === 'passage' && n.target);
    for (const note of passages) {
      // One passage per task: a fuzzy search over a huge page is the longest thing we do.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (run !== this.run) return { anchored: anchored.length, orphaned: orphaned.length };
      const text = this.pageText();
      const found = anchorPassage(text.text, note.target as PassageTarget);
      const range = found ? text.rangeOf(found.start, found.end) : null;
      if (!range) {
        orphaned.push(note.id);
        continue;
      }
      anchored.push(note.id);
      highlight.add(range);
      this.index.add({ range, entityId: note.entityIds[0] ?? '', type: 'note', noteId: note.id });
    }
    this.anchored = anchored;
    this.orphaned = orphaned;
    return { anchored: anchored.length, orphaned: orphaned.length };
  }

  /** The current selection as a passage: quote, context and position in the page's text. */
  describe(range: Range): PassageTarget | null {
    const text = this.pageText();
    let start = text.offsetOf(range.startContainer, range.startOffset);
    let end = text.offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    // Whole-paragraph selections end at the next block's start: trim what is not the passage.
    while (start < end && /\s/.test(text.text[start] as string)) start++;
    while (end > start && /\s/.test(text.text[end - 1] as string)) end--;
    return end > start ? describePassage(text.text, start, end) : null;
  }

  clear(): void {
    CSS.highlights.delete(NOTE_HIGHLIGHT);
    this.index.removeWhere((mark) => mark.noteId !== undefined);
  }
}
