/**
 * Normalization for matching, with an offset map back to the original text (UTF-16 indexes).
 *
 * Each original character folds to zero, one or more characters: NFKD without combining marks,
 * lower case with Turkish/Azerbaijani i-forms unified (İ I ı i → i), Azerbaijani ə → e, Armenian
 * ligature և → եւ, Persian ي/ى → ی and ك → ک, apostrophes → ', dashes → -, every space → ' '.
 * Soft hyphens, zero-width (non-)joiners and the Arabic tatweel vanish without breaking a word.
 * Runs of spaces become one space, and spaces next to a dash disappear ("Baku – Tbilisi" = "Baku-Tbilisi").
 */

export const APOSTROPHE = 0x27;
export const SPACE = 0x20;
export const DASH = 0x2d;
export const ARM_ECH = 0x565; // ե
export const ARM_YIWN = 0x582; // ւ
export const ARM_VEW = 0x57e; // վ

const IGNORABLE = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x0640]);
const APOSTROPHES = new Set([0x27, 0x2019, 0x2018, 0x02bc, 0x60, 0xb4, 0x2032, 0x02b9]);
const DASHES = new Set([0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe63, 0xff0d]);

/** Folded form of each BMP code unit, computed on first sight (the alphabet of a page is small). */
const cache = new Map<number, string>();

function computeFold(code: number): string {
  if (IGNORABLE.has(code)) return '';
  if (APOSTROPHES.has(code)) return "'";
  if (DASHES.has(code)) return '-';
  const ch = String.fromCharCode(code);
  if (/\s/.test(ch)) return ' ';
  switch (code) {
    case 0x130: // İ
    case 0x49: // I
    case 0x131: // ı
      return 'i';
    case 0x259: // ə
    case 0x18f: // Ə
      return 'e';
    case 0x64a: // ي
    case 0x649: // ى
      return 'ی';
    case 0x643: // ك
      return 'ک';
    case 0x587: // և: written եւ (classical) or, in capitals, ԵՎ; all three fold to եվ
      return 'եվ';
  }
  return ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[ıİ]/g, 'i').replace(/[ي]/g, 'ی');
}

/** Folds one BMP code unit (surrogates are handled by charFold). */
export function foldCode(code: number): string {
  if (code < 0x80) {
    if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
    if (code === 0x49) return 'i';
  }
  let folded = cache.get(code);
  if (folded === undefined) {
    folded = computeFold(code);
    cache.set(code, folded);
  }
  return folded;
}

const wordClass = new Uint8Array(65536); // 0 unknown, 1 word character, 2 not
/** Letters and digits of every script (what JavaScript's ASCII-only \b misses). */
export function isWordCode(code: number): boolean {
  const c = wordClass[code] as number;
  if (c) return c === 1;
  const word = /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(code));
  wordClass[code] = word ? 1 : 2;
  return word;
}

/** The folded units of the character at `i`; a surrogate pair is one character. */
export function charFold(text: string, i: number): string {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdfff) return foldCode(code);
  const low = text.charCodeAt(i + 1);
  if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return '\ufffd'; // a lone half: a non-word unit
  // Astral: NFKD makes mathematical letters ASCII; anything else is a non-word unit.
  const folded = text
    .slice(i, i + 2)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  return folded.length > 0 && folded.charCodeAt(0) < 0xd800 ? folded : '\ufffd';
}

/** Length in code units of the character at `i` (2 for a surrogate pair). */
export function charLength(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const low = text.charCodeAt(i + 1);
  return code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

// Per code unit: 0 not yet seen, 1 folds to the one unit in SINGLE, 2 folds to nothing, 3 to several.
const KIND = new Uint8Array(65536);
/** The folded unit of each BMP code unit whose kind (kindOf) is KIND_SINGLE. */
export const SINGLE = new Uint16Array(65536);
export const KIND_SINGLE = 1;
export const KIND_EMPTY = 2;
const KIND_MULTI = 3;

/** How a BMP code unit (not a surrogate) folds: KIND_SINGLE, KIND_EMPTY, or several units. */
export function kindOf(code: number): number {
  let kind = KIND[code] as number;
  if (kind === 0) {
    const folded = foldCode(code);
    if (folded.length === 1) {
      kind = KIND_SINGLE;
      SINGLE[code] = folded.charCodeAt(0);
    } else kind = folded.length === 0 ? KIND_EMPTY : KIND_MULTI;
    KIND[code] = kind;
  }
  return kind;
}

/**
 * Folds a text incrementally, from a point where folding may start afresh (a word start, a line
 * start), only as far as it is read: the scan folds a few units at each word start instead of the
 * whole text. Spaces collapse and vanish next to a dash ("Baku – Tbilisi" = "Baku-Tbilisi").
 */
export class Folder {
  /** Folded UTF-16 code units. */
  codes = new Uint16Array(256);
  /** For each folded unit, the index of the original character it came from. */
  origin = new Int32Array(256);
  /** For each folded unit, which unit of its character's folded form it is (ﬁ → f 0, i 1). */
  part = new Uint8Array(256);
  length = 0;
  text = '';
  /** The next original index to fold. */
  next = 0;
  /** What was emitted last (a leading space is dropped). */
  private last = SPACE;

  /** Starts folding `text` at index `at`, from unit `part` of that character's folded form. */
  start(text: string, at: number, part = 0): void {
    this.text = text;
    this.length = 0;
    this.last = SPACE;
    this.next = at;
    if (part > 0) {
      const units = charFold(text, at);
      for (let k = part; k < units.length; k++) this.emit(units.charCodeAt(k), at, k);
      this.next = at + charLength(text, at);
    }
  }

  /**
   * Folds on until unit `k` exists and is settled (a trailing space waits: a dash after it removes
   * it), and the character at original index `through` is folded, or the text ends. Returns the
   * number of units.
   */
  fill(k: number, through = -1): number {
    const text = this.text;
    const n = text.length;
    while (this.next < n && (this.length <= k || this.last === SPACE || this.next <= through)) {
      const i = this.next++;
      const code = text.charCodeAt(i);
      const kind = code >= 0xd800 && code <= 0xdfff ? KIND_MULTI : KIND[code] || kindOf(code);
      if (kind === KIND_SINGLE) {
        const unit = SINGLE[code] as number;
        const at = this.length;
        // Letters, the common case, need none of emit's rules.
        if (unit > DASH && unit !== ARM_YIWN && at < this.codes.length) {
          this.codes[at] = unit;
          this.origin[at] = i;
          this.part[at] = 0;
          this.length = at + 1;
          this.last = unit;
        } else this.emit(unit, i, 0);
      } else if (kind === KIND_MULTI) {
        const units = charFold(text, i);
        for (let p = 0; p < units.length; p++) this.emit(units.charCodeAt(p), i, p);
        this.next = i + charLength(text, i);
      }
    }
    return this.length;
  }

  private emit(unit: number, from: number, part: number): void {
    const code = unit === ARM_YIWN && this.last === ARM_ECH ? ARM_VEW : unit; // եւ → եվ, as ԵՎ and և fold
    if (code === SPACE) {
      if (this.last === SPACE || this.last === DASH) return;
    } else if (code === DASH && this.last === SPACE && this.length > 0) this.length--;
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length] = code;
    this.origin[this.length] = from;
    this.part[this.length] = part;
    this.length++;
    this.last = code;
  }

  private grow(): void {
    const codes = new Uint16Array(this.codes.length * 2);
    codes.set(this.codes);
    this.codes = codes;
    const origin = new Int32Array(codes.length);
    origin.set(this.origin);
    this.origin = origin;
    const part = new Uint8Array(codes.length);
    part.set(this.part);
    this.part = part;
  }
}

/** Index just after the original character that folded unit `k` came from. */
export function originEnd(text: string, f: Folder, k: number): number {
  const at = f.origin[k] as number;
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? at + 2 : at + 1;
}

/** Appends a folded unit with Folder's rules for spaces, dashes and Armenian եւ. */
function pushUnit(units: number[], c: number): void {
  const prev = units.length ? (units[units.length - 1] as number) : -1;
  if (c === SPACE && (prev === -1 || prev === SPACE || prev === DASH)) return;
  if (c === DASH && prev === SPACE) units.pop();
  units.push(c === ARM_YIWN && prev === ARM_ECH ? ARM_VEW : c);
}

/** Folds a whole string (aliases, context words, search), by the same rules as Folder. */
export function foldString(text: string): string {
  // Units collected in an array: reading back the end of a growing string flattens it every time.
  const units: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 || (code < 0xd800 && (KIND[code] || kindOf(code)) === KIND_SINGLE)) {
      // One unit in, one unit out (nearly every character): no intermediate string.
      let c: number;
      if (code >= 0x41 && code <= 0x5a) c = code + 32;
      else if (code < 0x80)
        c =
          code <= 0x20 && (code === 0x20 || (code >= 0x09 && code <= 0x0d))
            ? SPACE
            : code === 0x60
              ? APOSTROPHE
              : code;
      else c = SINGLE[code] as number;
      pushUnit(units, c);
      continue;
    }
    let folded: string;
    if (code >= 0xd800 && code <= 0xdfff) {
      const pair = text.codePointAt(i) ?? code;
      folded = String.fromCodePoint(pair).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      if (pair > 0xffff) i++;
    } else folded = foldCode(code);
    for (let k = 0; k < folded.length; k++) pushUnit(units, folded.charCodeAt(k));
  }
  while (units.length && units[units.length - 1] === SPACE) units.pop();
  // In chunks: spreading a very long array into one call overflows the stack.
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
  return out;
}
