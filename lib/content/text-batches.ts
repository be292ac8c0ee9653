/**
 * A page's text blocks cut into recognition requests: a typical article is one request (the whole
 * page then judges its ambiguous names at once); a huge page goes in parts, a huge block in pieces.
 */
import { MAX_RECOGNIZE_CHARS } from '../page-protocol.ts';
import type { TextBlock } from '../text/blocks.ts';

/** Characters of text per request. */
export const BATCH_CHARS = 200_000;

/** A block's text, or a piece of it when the block alone is larger than a request. */
export interface Piece {
  block: TextBlock;
  /** Where the piece starts in the block's text. */
  offset: number;
  text: string;
}

export function piecesOf(block: TextBlock, max: number): Piece[] {
  const pieces: Piece[] = [];
  const { text } = block;
  let at = 0;
  while (text.length - at > max) {
    // Cut after the last line or sentence end before the limit (a name hardly ever spans one), else
    // after the last space, else anywhere but inside a surrogate pair.
    const limit = at + max - 1;
    const sentence = text.lastIndexOf('. ', limit - 1);
    let cut = Math.max(text.lastIndexOf('\n', limit), sentence < 0 ? -1 : sentence + 1) + 1;
    if (cut <= at) cut = text.lastIndexOf(' ', limit) + 1;
    if (cut <= at) cut = at + max - (/[\uDC00-\uDFFF]/.test(text[at + max] ?? '') ? 1 : 0);
    pieces.push({ block, offset: at, text: text.slice(at, cut) });
    at = cut;
  }
  pieces.push({ block, offset: at, text: at ? text.slice(at) : text });
  return pieces;
}

export function batchesOf(blocks: readonly TextBlock[], batchChars = BATCH_CHARS): Piece[][] {
  const batches: Piece[][] = [];
  let batch: Piece[] = [];
  let chars = 0;
  for (const block of blocks) {
    for (const piece of piecesOf(block, Math.min(batchChars, MAX_RECOGNIZE_CHARS))) {
      if (chars + piece.text.length > batchChars && batch.length) {
        batches.push(batch);
        batch = [];
        chars = 0;
      }
      batch.push(piece);
      chars += piece.text.length;
    }
  }
  if (batch.length) batches.push(batch);
  return batches;
}
