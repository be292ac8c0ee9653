// The knowledge base from the command line.
//   npm run kb -- --format json   every entity as JSON (id, type, names by language, aliases, summary)
//   npm run kb -- stats           counts by type and language, unsourced facts, stale entities
import { fileURLToPath } from 'node:url';
import { buildKbFromDisk, KbValidationError } from '../lib/kb/bundle.ts';
import { kbStats } from '../lib/kb/stats.ts';

const args = process.argv.slice(2);
let kb: ReturnType<typeof buildKbFromDisk>;
try {
  kb = buildKbFromDisk(process.env.LENS_KB_DIR ?? fileURLToPath(new URL('../kb', import.meta.url)));
} catch (error) {
  if (error instanceof KbValidationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

if (args[0] === 'stats') {
  const s = kbStats(kb.entities);
  const line = (label: string, value: unknown) => console.log(`${label.padEnd(30)} ${value}`);
  line('entities', s.entities);
  for (const [type, n] of Object.entries(s.byType).sort()) line(`  ${type}`, n);
  console.log('names by language (names / entities named)');
  for (const lang of Object.keys(s.namesByLang))
    line(`  ${lang}`, `${s.namesByLang[lang]} / ${s.entitiesNamedIn[lang]}`);
  line('facts', s.facts);
  line('relations', s.relations);
  line('timeline entries', s.timelineEntries);
  line('naming notes', s.namingNotes);
  line('ambiguity rules', s.ambiguityRules);
  line('facts without sources', s.factsWithoutSource);
  line('entities with facts > 1 year old', s.staleEntities.length);
  if (args.includes('--verbose')) console.log(s.staleEntities.join(' '));
} else if (args[0] === '--format' && args[1] === 'json') {
  const out = kb.entities.map((e) => ({
    id: e.id,
    qid: e.qid,
    type: e.type,
    subtype: e.subtype,
    names: e.names,
    aliases: e.aliases ?? [],
    summary: e.summary,
  }));
  console.log(JSON.stringify(out, null, 2));
} else {
  console.error('usage: npm run kb -- --format json | stats [--verbose]');
  process.exit(2);
}
