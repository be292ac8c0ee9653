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
const ARM_ECH = 0x565; // ե
const ARM_YIWN = 0x582; // ւ
const ARM_VEW = 0x57e; // վ

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

/** Folds one BMP code unit (surrogates are handled by foldText). */
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

export interface FoldedText {
  /** Folded UTF-16 code units. */
  codes: Uint16Array;
  length: number;
  /** For each folded unit, the index of the original character it came from. */
  origin: Int32Array;
}

/** Index just after the original character that folded unit `k` came from. */
export function originEnd(text: string, f: FoldedText, k: number): number {
  const at = f.origin[k] as number;
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? at + 2 : at + 1;
}

// Per code unit: 0 not yet seen, 1 folds to the one unit in SINGLE, 2 folds to nothing, 3 to several.
const KIND = new Uint8Array(65536);
const SINGLE = new Uint16Array(65536);
const KIND_SINGLE = 1;
const KIND_EMPTY = 2;
const KIND_MULTI = 3;

function kindOf(code: number): number {
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

export function foldText(text: string): FoldedText {
  const n = text.length;
  // Most characters fold to one unit; ligatures and և to two. Grow on demand.
  let codes = new Uint16Array(n + (n >> 4) + 16);
  let origin = new Int32Array(codes.length);
  let len = 0;
  let last = SPACE; // what was emitted last (a leading space is dropped)

  const grow = () => {
    const biggerCodes = new Uint16Array(codes.length * 2);
    biggerCodes.set(codes);
    codes = biggerCodes;
    const biggerOrigin = new Int32Array(codes.length);
    biggerOrigin.set(origin);
    origin = biggerOrigin;
  };
  // Spaces collapse, and vanish next to a dash ("Baku – Tbilisi" = "Baku-Tbilisi").
  const emit = (unit: number, from: number) => {
    const code = unit === ARM_YIWN && last === ARM_ECH ? ARM_VEW : unit; // եւ → եվ, as ԵՎ and և fold
    if (code === SPACE) {
      if (last === SPACE || last === DASH) return;
    } else if (code === DASH && last === SPACE && len > 0) len--;
    if (len === codes.length) grow();
    codes[len] = code;
    origin[len] = from;
    len++;
    last = code;
  };

  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    let out: number;
    if (code < 0x80) {
      // ASCII fast path: the common case, inlined.
      if (code >= 0x41 && code <= 0x5a) out = code + 32;
      else if (code <= 0x20 && (code === 0x20 || (code >= 0x09 && code <= 0x0d))) out = SPACE;
      else if (code === 0x60) out = APOSTROPHE;
      else out = code;
      if (out !== SPACE && out !== DASH && len < codes.length) {
        codes[len] = out;
        origin[len] = i;
        len++;
        last = out;
      } else emit(out, i);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        // Astral: NFKD makes mathematical letters ASCII; anything else is a non-word unit.
        const folded = text
          .slice(i, i + 2)
          .normalize('NFKD')
          .replace(/\p{M}/gu, '')
          .toLowerCase();
        if (folded.length > 0 && folded.charCodeAt(0) < 0xd800) {
          for (let k = 0; k < folded.length; k++) emit(folded.charCodeAt(k), i);
        } else emit(0xfffd, i);
        i++;
      } else emit(0xfffd, i); // a lone surrogate half: a non-word character
      continue;
    }
    const kind = KIND[code] || kindOf(code);
    if (kind === KIND_SINGLE) {
      const single = SINGLE[code] as number;
      if (single !== SPACE && single !== DASH && single !== ARM_YIWN && len < codes.length) {
        codes[len] = single;
        origin[len] = i;
        len++;
        last = single;
      } else emit(single, i);
    } else if (kind === KIND_MULTI) {
      const folded = foldCode(code);
      for (let k = 0; k < folded.length; k++) emit(folded.charCodeAt(k), i);
    }
  }
  return { codes, length: len, origin };
}

/** Appends a folded unit with foldText's rules for spaces, dashes and Armenian եւ. */
function pushUnit(units: number[], c: number): void {
  const prev = units.length ? (units[units.length - 1] as number) : -1;
  if (c === SPACE && (prev === -1 || prev === SPACE || prev === DASH)) return;
  if (c === DASH && prev === SPACE) units.pop();
  units.push(c === ARM_YIWN && prev === ARM_ECH ? ARM_VEW : c);
}

/** Folds a whole string (aliases, context words, search), by the same rules as foldText. */
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
