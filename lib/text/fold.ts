/**
 * Folding for look-up and search: case-insensitive (Turkish-aware dotted/dotless i), accent-insensitive,
 * with Persian Arabic-letter variants and odd punctuation unified.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[İIı]/g, 'i')
    .replace(/[əƏ]/g, 'e') // Azerbaijani schwa has no decomposition; readers type e (Azerbaycan)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/\u200c|\u200d|\u00ad/g, '') // ZWNJ, ZWJ, soft hyphen
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[’ʼ`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
