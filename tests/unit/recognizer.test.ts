import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../lib/kb/schema.ts';
import { compileRecognizer } from '../../lib/recognizer/compile.ts';
import { compileFromDisk } from '../../lib/recognizer/from-kb.ts';
import { loadRecognizer, type Mention, recognize } from '../../lib/recognizer/index.ts';

const real = loadRecognizer(JSON.parse(JSON.stringify(compileFromDisk())));
const found = (text: string, options = {}) => recognize(real, text, options).map((m) => [m.text, m.entityId]);

describe('recognizer on the real knowledge base', () => {
  it('returns offsets into the original string', () => {
    const text = 'Talks in Baku\u00a0and Yerevan — and in Тбилиси.';
    for (const m of recognize(real, text)) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(found(text)).toEqual([
      ['Baku', 'baku'],
      ['Yerevan', 'yerevan'],
      ['Тбилиси', 'tbilisi'],
    ]);
  });

  it('does not match inside a longer word, in any script', () => {
    expect(found('Bakuvian Iranistan Bakunin')).toEqual([]);
    expect(found('Ադրբեջանական')).toEqual([]);
    expect(found('Азербайджанистика')).toEqual([]);
  });

  it.each([
    [
      'Russian cases',
      'в России, из Азербайджана, с Арменией, о Грузии',
      ['russia', 'azerbaijan', 'armenia', 'georgia'],
    ],
    ['Russian multi-word names', 'на Южном Кавказе и Южного Кавказа', ['south-caucasus', 'south-caucasus']],
    ['Russian persons', 'с Ильхамом Алиевым и Николом Пашиняном', ['ilham-aliyev', 'nikol-pashinyan']],
    [
      'Turkish with apostrophe',
      "Türkiye'nin, Azerbaycan'a, Ermenistan'dan",
      ['turkey', 'azerbaijan', 'armenia'],
    ],
    ['Turkish without apostrophe', 'Azerbaycana Ermenistandan', ['azerbaijan', 'armenia']],
    [
      'Azerbaijani suffix chains',
      'Azərbaycanın Bakıda Ermənistanla Rusiyadan',
      ['azerbaijan', 'baku', 'armenia', 'russia'],
    ],
    [
      'Armenian cases',
      'Հայաստանում Ադրբեջանի Ռուսաստանից Բաքվում',
      ['armenia', 'azerbaijan', 'russia', 'baku'],
    ],
    [
      'Georgian cases and dropped -ი',
      'საქართველოში აზერბაიჯანის თბილისიდან რუსეთთან',
      ['georgia', 'azerbaijan', 'tbilisi', 'russia'],
    ],
    ['Persian plural and ezafe', 'ارمنستان‌ها ایران‌های باکوی', ['armenia', 'iran', 'baku']],
    ['English possessive', "Azerbaijan's and Iran’s", ['azerbaijan', 'iran']],
    ['German genitive', 'Aserbaidschans Gas', ['azerbaijan']],
  ])('inflection: %s', (_label, text, ids) => {
    expect(recognize(real, text).map((m) => m.entityId)).toEqual(ids);
  });

  it('keeps the whole inflected word as the surface', () => {
    expect(found("Türkiye'nin ve Azərbaycanda")).toEqual([
      ["Türkiye'nin", 'turkey'],
      ['Azərbaycanda', 'azerbaijan'],
    ]);
  });

  it('French elision: the article belongs to the surface', () => {
    expect(found("de l'Arménie et d'Azerbaïdjan")).toEqual([
      ["l'Arménie", 'armenia'],
      ["d'Azerbaïdjan", 'azerbaijan'],
    ]);
  });

  it('longest match wins and spans never overlap', () => {
    expect(found('the Baku–Tbilisi–Ceyhan pipeline')).toEqual([
      ['Baku–Tbilisi–Ceyhan pipeline', 'baku-tbilisi-ceyhan-pipeline'],
    ]);
    expect(found('after the Second Karabakh War')).toEqual([['Second Karabakh War', 'second-karabakh-war']]);
  });

  it('case-sensitive acronyms match only as written', () => {
    expect(found('The EU and CSTO')).toEqual([
      ['EU', 'european-union'],
      ['CSTO', 'csto'],
    ]);
    expect(found('the eu and csto')).toEqual([]);
  });

  it('names need their capital letter: turkey the bird is not Turkey', () => {
    expect(found('We ate turkey near the border.')).toEqual([]);
  });

  describe('ambiguity rules', () => {
    it('Georgia on a page about Atlanta is the US state', () => {
      expect(found('Governor Kemp said Georgia voters in Atlanta and Savannah will decide.')).toEqual([]);
    });
    it('Georgia next to Tbilisi is the country', () => {
      expect(found('Tbilisi is the capital of Georgia.')).toEqual([
        ['Tbilisi', 'tbilisi'],
        ['Georgia', 'georgia'],
      ]);
    });
    it('Georgia on a page about the region, in another paragraph', () => {
      const text = 'Azerbaijan and Armenia met in Baku.\nGeorgia hosted the next round.';
      expect(found(text).map(([, id]) => id)).toContain('georgia');
    });
    it('BTC the coin is not the pipeline; BTC next to oil is', () => {
      expect(found('BTC price hits a record as crypto wallets fill')).toEqual([]);
      expect(found('Oil through BTC reached Ceyhan')).toContainEqual(['BTC', 'baku-tbilisi-ceyhan-pipeline']);
    });
    it('BP the blood pressure is not the company', () => {
      expect(found('Patient BP was 140/90 mmHg despite hypertension treatment.')).toEqual([]);
      expect(found('BP operates Shah Deniz for Azerbaijan.')).toContainEqual(['BP', 'bp']);
    });
    it('TAP the airline is not the pipeline', () => {
      expect(found('TAP Air Portugal added flights to Lisbon.')).toEqual([]);
    });
    it('Armenia in Colombia is not the country', () => {
      expect(found('Armenia, Quindío is a coffee city in Colombia.')).toEqual([]);
    });
    it('reads cue words as folded text: case, spaces, soft hyphens', () => {
      const rule = (text: string) => recognize(real, text).find((m) => m.entityId === 'georgia')?.rule;
      expect(rule('Georgia, where the GEORGIAN\u00a0 DREAM party rules.')).toMatch(
        /context:cue "georgian dream"/,
      );
      expect(rule('Georgia and its capital Tbi\u00adlisi.')).toMatch(/context:cue "tbilisi"/);
    });
    it('counts cue words only within 300 characters of the mention', () => {
      const filler = ' and then the talks went on'.repeat(12);
      expect(found(`Georgia${filler} in Tbilisi.`).map(([, id]) => id)).toEqual(['tbilisi']);
      expect(found(`Georgia${filler.slice(0, 200)} in Tbilisi.`).map(([, id]) => id)).toEqual([
        'georgia',
        'tbilisi',
      ]);
    });
    it('explains which rule decided', () => {
      const [, georgia] = recognize(real, 'Tbilisi is the capital of Georgia.');
      expect(georgia?.rule).toMatch(/context:cue "tbilisi"/);
    });
  });

  it('reports demonyms only when asked', () => {
    expect(found('Azerbaijani officials met')).toEqual([]);
    expect(recognize(real, 'Azerbaijani officials met', { demonyms: true })).toMatchObject([
      { text: 'Azerbaijani', entityId: 'azerbaijan', demonym: true },
    ]);
  });
});

describe('recognizer on a synthetic knowledge base', () => {
  const entity = (id: string, en: string, extra: Partial<Entity> = {}): Entity => ({
    id,
    type: 'place',
    subtype: 'city',
    names: { en: [en], ru: ['Х'], az: ['X'], hy: ['Խ'], ka: ['ხ'], tr: ['X'], fa: ['خ'] },
    summary: 'x'.repeat(80),
    sources: ['https://example.org/'],
    asOf: '2026-01-01',
    ...extra,
  });
  const rec = loadRecognizer(
    compileRecognizer([
      entity('old', 'Oldtown', { replacedBy: 'new' }),
      entity('new', 'Newtown'),
      entity('acro', 'Long Name', { aliases: [{ text: 'LN', caseSensitive: true }] }),
    ]),
  );

  it('does not recognize entities replaced by others', () => {
    expect(recognize(rec, 'Oldtown and Newtown').map((m) => m.entityId)).toEqual(['new']);
  });

  it('acronyms keep their case, names do not care beyond the capital', () => {
    expect(recognize(rec, 'LN ln Long name LONG NAME').map((m) => m.text)).toEqual([
      'LN',
      'Long name',
      'LONG NAME',
    ]);
  });
});

// Property tests: random text in every script the product reads.
const scripts = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZəıİşçğöüéèàï',
  'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙ',
  'աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆևԱԲԳ',
  'აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ',
  'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةآ\u200c',
  ' \u00a0\n\t.,;:!?\'’ʼ"«»()-–—\u00ad\u200d',
  '\u0301\u0308\u064b\ud800\udc00\ud83d\ude00',
  'Baku Azerbaijan Армения Հայաստան საქართველო ایران Türkiye Georgia BTC EU ',
];
const scriptText = fc
  .array(fc.constantFrom(...scripts.flatMap((s) => [...s])), { maxLength: 300 })
  .map((chars) => chars.join(''));
const anyText = fc.oneof(
  scriptText,
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);

function wellFormed(text: string, mentions: Mention[]): void {
  let last = 0;
  for (const m of mentions) {
    expect(m.start).toBeGreaterThanOrEqual(last);
    expect(m.end).toBeGreaterThan(m.start);
    expect(m.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(m.start, m.end)).toBe(m.text);
    last = m.end;
  }
}

describe('recognizer properties', () => {
  it('never throws; offsets ascend, never overlap and stay inside the string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        wellFormed(text, recognize(real, text, { demonyms: true }));
      }),
      { numRuns: 500 },
    );
  });

  it('does not change when unrelated text is appended far away', () => {
    fc.assert(
      fc.property(scriptText, fc.integer({ min: 1, max: 50 }), (text, n) => {
        const before = recognize(real, text);
        const filler = `\n${'12 34 56 78 90 '.repeat(40 + n)}`;
        const after = recognize(real, text + filler);
        expect(after).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });
});
