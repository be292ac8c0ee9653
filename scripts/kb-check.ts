// Validates kb/ and prints every error with its file and field; exits 1 on any.
import { fileURLToPath } from 'node:url';
import { readKbSources } from '../lib/kb/read-sources.ts';
import { validateKb } from '../lib/kb/validate.ts';

const root = fileURLToPath(new URL('../kb', import.meta.url));
const { files, errors: readErrors } = readKbSources(root);
const { entities, errors } = validateKb(files);
const all = [...readErrors, ...errors];
for (const line of all) console.error(line);
const byType: Record<string, number> = {};
for (const e of entities) byType[e.type] = (byType[e.type] ?? 0) + 1;
console.log(`${entities.length} valid entities ${JSON.stringify(byType)}; ${all.length} errors`);
process.exit(all.length ? 1 : 0);
