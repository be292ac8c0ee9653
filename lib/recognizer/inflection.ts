/**
 * Inflection, language by language, on folded text. An alias word is stored in the trie as a stem;
 * after the stem, the rest of the text word must be one of the endings its class allows. The whole
 * inflected word is the surface (Азербайджана, Bakıda, Türkiye'nin, Հայաստանում, საქართველოში).
 *
 * Folding has already removed diacritics: Turkish ı/ü/ö/ş/ç/ğ are i/u/o/s/c/g here, Azerbaijani
 * ə is e, Russian й is и and ё is е.
 */
import type { Lang } from '../kb/schema.ts';

/** Each class is a bit in a mask, so one trie node can allow several. */
export const Cls = {
  RuCons: 1 << 0,
  RuA: 1 << 1,
  RuYa: 1 << 2,
  RuSoft: 1 << 3,
  RuI: 1 << 4,
  RuNeuter: 1 << 5,
  RuAdj: 1 << 6,
  RuPlural: 1 << 7,
  Turkic: 1 << 8,
  Armenian: 1 << 9,
  GeorgianConsonant: 1 << 10,
  GeorgianVowel: 1 << 11,
  Persian: 1 << 12,
  English: 1 << 13,
  German: 1 << 14,
  ArmenianU: 1 << 15,
  PersianVowel: 1 << 16,
  GermanAdj: 1 << 17,
  ArmenianUn: 1 << 18,
  ArmenianI: 1 << 19,
} as const;

const ENDINGS: [number, string[]][] = [
  [Cls.RuCons, ['а', 'у', 'ом', 'ем', 'е', 'ы', 'ов', 'ев', 'ам', 'ами', 'ах', 'ым', 'им', 'ои', 'ои']],
  [Cls.RuA, ['а', 'ы', 'и', 'е', 'у', 'ои', 'ою', 'ам', 'ами', 'ах']],
  [Cls.RuYa, ['я', 'и', 'е', 'ю', 'еи', 'ею', 'ям', 'ями', 'ях']],
  [Cls.RuSoft, ['ь', 'я', 'ю', 'ем', 'е', 'и', 'еи', 'ью']],
  [Cls.RuI, ['и', 'я', 'ю', 'ем', 'е', 'ев', 'ям', 'ях']],
  [Cls.RuNeuter, ['о', 'е', 'а', 'я', 'у', 'ю', 'ом', 'ем']],
  [
    Cls.RuAdj,
    [
      'ыи',
      'ии',
      'ои',
      'ого',
      'его',
      'ому',
      'ему',
      'ым',
      'им',
      'ом',
      'ем',
      'ая',
      'яя',
      'ую',
      'юю',
      'еи',
      'ое',
      'ее',
      'ые',
      'ие',
      'ых',
      'их',
      'ыми',
      'ими',
    ],
  ],
  [Cls.RuPlural, ['ы', 'и', 'ов', 'ев', 'ам', 'ям', 'ами', 'ями', 'ах', 'ях']],
  [
    Cls.Armenian,
    [
      'ի',
      'ը',
      'ն',
      'ում',
      'ից',
      'ով',
      'ին',
      'ու',
      'յի',
      'յում',
      'յից',
      'յով',
      'յին',
      'յան',
      'ներ',
      'ները',
      'ների',
      'ներում',
    ],
  ],
  [Cls.ArmenianU, ['ու', 'վի', 'վում', 'վից', 'վով', 'վին', 'ն', 'ն']],
  [
    Cls.GeorgianConsonant,
    [
      'ი',
      'ის',
      'ში',
      'ით',
      'ად',
      'ზე',
      'თან',
      'იდან',
      'დან',
      'ისკენ',
      'ისთვის',
      'ისა',
      'ს',
      'სა',
      'მა',
      'ისგან',
      'ამდე',
    ],
  ],
  [
    Cls.GeorgianVowel,
    ['ს', 'ში', 'მ', 'თი', 'დ', 'ზე', 'თან', 'სთან', 'დან', 'სთვის', 'სკენ', 'სგან', 'სა', 'მდე'],
  ],
  // A Persian ی after a consonant makes the adjective (ایرانی, Iranian): ezafe only after a vowel.
  [Cls.Persian, ['ها', 'های', 'هایی']],
  [Cls.PersianVowel, ['ها', 'های', 'هایی', 'ی', 'ای']], // not یی: بریتانیایی is the adjective
  [Cls.English, ["'s", "'"]],
  [Cls.GermanAdj, ['e', 'en', 'er', 'es', 'em']],
  [Cls.ArmenianUn, ['ուն', 'ունը', 'ունն', 'ան', 'անը', 'անն', 'ամբ', 'ունից', 'ունում', 'ունով']],
  [Cls.ArmenianI, ['ու', 'ում', 'ուց', 'ով', 'ուն']],
  [Cls.German, ['s', 'es', "'s"]],
];

// Parallel arrays rather than a Map: iterating a Map allocates an entry per step on a hot path.
const ENDING_CLASSES = ENDINGS.map(([cls]) => cls);
const ENDING_SETS = ENDINGS.map(([, list]) => new Set(list));

/**
 * Turkish and Azerbaijani stack suffixes: plural, possessive/case, then -ki / -dır. With or without
 * the apostrophe Turkish puts after proper names (or the hyphen Azerbaijani puts after acronyms).
 * Vowel harmony is checked as far as folding leaves it visible (harmonious below).
 */
const TURKIC =
  /^'?(?:lar|ler)?(?:si|su|i|u|ni|nu|yi|yu|in|un|nin|nun|nan|nen|a|e|ya|ye|na|ne|da|de|ta|te|nda|nde|dan|den|tan|ten|ndan|nden|la|le|yla|yle|ca|ce|dak|dek)?(?:ki|dir|dur|tir|tur)?$/; // not -li/-lu: that makes the adjective (Çinli, Bakılı)

/**
 * Vowel harmony as far as folded text still shows it. Rounding survives folding (ü → u, ö → o; ı → i),
 * so a high vowel must be u after o/u and i after a/e/i: Baku + nin (Bakunin) is refused, Bakü'nün
 * accepted. Backness survives only for a and e, so a low vowel is checked after those two.
 */
function harmonious(previous: string, rest: string): boolean {
  let prev = previous;
  for (const v of rest) {
    if (!'aeiou'.includes(v)) continue;
    if (v === 'i' || v === 'u') {
      if (prev && (prev === 'o' || prev === 'u') !== (v === 'u')) return false;
    } else if (v === 'a' || v === 'e') {
      if ((prev === 'a' && v !== 'a') || (prev === 'e' && v !== 'e')) return false;
    }
    prev = v;
  }
  return true;
}

/**
 * Does the rest of the word (after the stem) inflect the stem in one of the classes of `mask`?
 * `stemVowel` is the stem's last vowel (folded), for Turkic harmony.
 */
export function acceptsEnding(mask: number, rest: string, stemVowel = ''): boolean {
  if (!rest) return false;
  for (let i = 0; i < ENDING_CLASSES.length; i++) {
    if (mask & (ENDING_CLASSES[i] as number) && (ENDING_SETS[i] as Set<string>).has(rest)) return true;
  }
  // Georgian adds the clitic -ც / -აც ("also") after any case ending: აშშ-დანაც, ბაქოშიც.
  if (mask & (Cls.GeorgianConsonant | Cls.GeorgianVowel) && rest.endsWith('ც') && rest.length > 1) {
    const bare = rest.endsWith('აც') ? rest.slice(0, -2) : rest.slice(0, -1);
    if (bare && acceptsEnding(mask, bare, stemVowel)) return true;
  }
  if (mask & Cls.Turkic && rest.length <= 9 && TURKIC.test(rest) && harmonious(stemVowel, rest)) return true;
  return false;
}

export interface Stem {
  /** The folded stem stored in the trie. */
  stem: string;
  cls: number;
}

// Russian adjectives: -ый/-ой always; -ий after the consonants adjectives end in (ский, ний, чий...),
// so Ираклий or Георгий decline as nouns. Folded й is и.
const RU_ADJ = /(ыи|ои|[кнчжшщгх]ии|ая|яя|ое|ее|ые|ие)$/;
const VOWELS_KA = /[აეოუ]$/;
const LATIN_ALL = Cls.English | Cls.German | Cls.Turkic;

/**
 * How a folded word of an alias in `lang` inflects: zero or more stems, each with the classes of
 * endings it takes. `last` is whether it is the alias's last word: in most languages only the last
 * word of a name takes endings; in Russian and German the words before it inflect too.
 * `acronym`: a case-sensitive alias (EU, ԱՄՆ, SOCAR) may be short and take suffixes after a hyphen.
 */
export function stemsOf(word: string, lang: Lang | undefined, last: boolean, acronym = false): Stem[] {
  if (word.length < (acronym ? 2 : 3) || !(acronym ? /[\p{L}\d]$/u : /\p{L}$/u).test(word)) return [];
  switch (lang) {
    case 'ru':
      return russianStem(word, last);
    case 'tr':
    case 'az':
      return last ? [{ stem: word, cls: Cls.Turkic }] : [];
    case 'hy':
      return last ? armenianStems(word) : [];
    case 'ka':
      return last ? georgianStems(word) : [];
    case 'fa':
      if (!last) return [];
      return [{ stem: word, cls: /[اوه]$/.test(word) ? Cls.PersianVowel : Cls.Persian }];
    case 'de':
      if (!last) return germanAdjective(word);
      return [{ stem: word, cls: Cls.German | Cls.English }];
    case 'en':
    case 'fr':
      if (!last) return [];
      // Acronyms filed as English names (COP29, BP) take any Latin ending: COP29-un, BP-nin.
      return [{ stem: word, cls: acronym ? LATIN_ALL : Cls.English }];
    default:
      // An alias in no particular language (an acronym like SOCAR, TANAP): any Latin-script ending.
      return last ? [{ stem: word, cls: /^[a-z0-9' -]+$/.test(word) ? LATIN_ALL : Cls.English }] : [];
  }
}

/** German adjectives in names decline: Kaspisches Meer, im Kaspischen Meer, des Südlichen Gaskorridors. */
function germanAdjective(word: string): Stem[] {
  const m = /^(.{3,}?)(es|en|er|em|e)$/.exec(word);
  return m?.[1] ? [{ stem: m[1], cls: Cls.GermanAdj }] : [];
}

function armenianStems(word: string): Stem[] {
  if (word.endsWith('ություն')) {
    // -ություն → -ության, -ությամբ (Թավշյա հեղափոխության, Եվրոպական միությանն)
    return [
      { stem: word, cls: Cls.Armenian },
      { stem: word.slice(0, -3), cls: Cls.ArmenianUn },
    ];
  }
  if (word.endsWith('ու')) return [{ stem: word.slice(0, -2), cls: Cls.ArmenianU }];
  if (word.endsWith('ի')) {
    // Մեղրի → Մեղրու, Մեղրում
    return [
      { stem: word, cls: Cls.Armenian },
      { stem: word.slice(0, -1), cls: Cls.ArmenianI },
    ];
  }
  return [{ stem: word, cls: Cls.Armenian }];
}

function georgianStems(word: string): Stem[] {
  if (word.endsWith('ი')) return [{ stem: word.slice(0, -1), cls: Cls.GeorgianConsonant }];
  if (word.endsWith('ა')) {
    // -ა stays before -ში, -ს, -ზე and drops before -ის, -ით (ზღვა → ზღვაში, ზღვის)
    return [
      { stem: word, cls: Cls.GeorgianVowel },
      { stem: word.slice(0, -1), cls: Cls.GeorgianConsonant },
    ];
  }
  if (VOWELS_KA.test(word)) return [{ stem: word, cls: Cls.GeorgianVowel }];
  // Consonant-final (აშშ, acronyms and foreign names): endings attach directly.
  return [{ stem: word, cls: Cls.GeorgianConsonant }];
}

function russianStem(word: string, last: boolean): Stem[] {
  if (!/[а-я]$/.test(word)) return [];
  if (word.endsWith('ие') && !last) {
    // Inner -ие: an adjective (Соединённые Штаты) or a neuter noun (месторождение Шах-Дениз).
    return [
      { stem: word.slice(0, -2), cls: Cls.RuAdj },
      { stem: word.slice(0, -1), cls: Cls.RuI | Cls.RuNeuter },
    ];
  }
  // Adjectives (Южный Кавказ, Каспийское море, Зеленский); a last word in -ие is a noun (соглашение).
  if (RU_ADJ.test(word) && !(last && word.endsWith('ие')))
    return [{ stem: word.slice(0, -2), cls: Cls.RuAdj }];
  if (word.endsWith('ие')) return [{ stem: word.slice(0, -1), cls: Cls.RuI | Cls.RuNeuter }];
  if (word.endsWith('ия')) return [{ stem: word.slice(0, -1), cls: Cls.RuYa }];
  const end = word.slice(-1);
  const stem = word.slice(0, -1);
  switch (end) {
    case 'а':
      return [{ stem, cls: Cls.RuA }];
    case 'я':
      return [{ stem, cls: Cls.RuYa }];
    case 'ь':
      return [{ stem, cls: Cls.RuSoft }];
    case 'и': // folded й (Китай, Ираклий) or an indeclinable foreign -и (Тбилиси): endings only widen the former
      return [{ stem, cls: Cls.RuI }];
    case 'о':
    case 'е':
      return [{ stem, cls: Cls.RuNeuter }];
    case 'ы':
      return [{ stem, cls: Cls.RuPlural }];
    case 'у':
    case 'ю':
    case 'э':
      return []; // indeclinable (Баку)
    default:
      return [{ stem: word, cls: Cls.RuCons }];
  }
}

/** Classes of endings written in a script: a hyphenated ending tells its language (BP-მ, COP29-ից). */
export function scriptClasses(rest: string): number {
  const c = rest.charCodeAt(0);
  if (c >= 0x10a0 && c <= 0x10ff) return Cls.GeorgianConsonant | Cls.GeorgianVowel;
  if (c >= 0x530 && c <= 0x58f) return Cls.Armenian;
  return 0;
}
