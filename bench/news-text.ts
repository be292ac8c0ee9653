/**
 * Deterministic news-like text in the seven languages (plus de/fr), with entity names from the
 * knowledge base inflected the way the recognizer must handle, and plenty of text that mentions
 * nothing. For benchmarks only: quality is measured on the hand-labelled development set.
 */
import type { Entity, Lang } from '../lib/kb/schema.ts';

const TEMPLATES: Record<string, string[]> = {
  en: [
    'Officials in {0} said talks with {1} would resume next week, according to a statement.',
    "{0}'s government welcomed the agreement, while analysts in {1} urged caution.",
    'The ministry did not comment on the report, which cited people familiar with the matter.',
    'Freight volumes through {0} rose by a fifth last year, the operator said on Monday.',
    'Markets were calm on Thursday as investors waited for the central bank decision.',
  ],
  ru: [
    'Представители {0} заявили, что переговоры с {1} возобновятся на следующей неделе.',
    'Эксперты отмечают, что ситуация остаётся напряжённой, но стороны готовы к диалогу.',
    'Грузоперевозки через {0} выросли на пятую часть, сообщил оператор.',
  ],
  az: [
    '{0} rəsmiləri bildirib ki, {1} ilə danışıqlar gələn həftə davam edəcək.',
    'Ekspertlər vəziyyətin gərgin qaldığını, lakin tərəflərin dialoqa hazır olduğunu qeyd edirlər.',
  ],
  tr: [
    '{0} yetkilileri, {1} ile görüşmelerin gelecek hafta süreceğini açıkladı.',
    'Uzmanlar durumun gergin olduğunu ancak tarafların diyaloğa hazır olduğunu belirtiyor.',
  ],
  hy: [
    '{0} պաշտոնյաները հայտարարել են, որ {1} հետ բանակցությունները կշարունակվեն։',
    'Փորձագետները նշում են, որ իրավիճակը լարված է, սակայն կողմերը պատրաստ են երկխոսության։',
  ],
  ka: [
    '{0} წარმომადგენლებმა განაცხადეს, რომ {1} მოლაპარაკებები გაგრძელდება.',
    'ექსპერტები აღნიშნავენ, რომ ვითარება დაძაბულია, თუმცა მხარეები დიალოგისთვის მზად არიან.',
  ],
  fa: [
    'مقامات {0} اعلام کردند که مذاکرات با {1} هفته آینده ادامه می‌یابد.',
    'کارشناسان می‌گویند وضعیت همچنان متشنج است اما طرفین آماده گفت‌وگو هستند.',
  ],
  de: ['Vertreter von {0} erklärten, die Gespräche mit {1} würden fortgesetzt.', 'Die Märkte blieben ruhig.'],
  fr: [
    'Les responsables de {0} ont déclaré que les pourparlers avec {1} reprendraient.',
    'Les marchés sont restés calmes.',
  ],
};

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function newsText(entities: readonly Entity[], targetBytes: number, seed = 1): string {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const langs = Object.keys(TEMPLATES) as Lang[];
  const parts: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const lang = pick(langs);
    const paragraph: string[] = [];
    for (let s = 0; s < 5; s++) {
      const template = pick(TEMPLATES[lang] ?? []);
      const sentence = template.replace(/\{(\d)\}/g, () => {
        const names = pick(entities).names[lang] ?? pick(entities).names.en;
        return pick(names);
      });
      paragraph.push(sentence);
    }
    const text = `${paragraph.join(' ')}\n`;
    parts.push(text);
    bytes += Buffer.byteLength(text);
  }
  return parts.join('');
}
