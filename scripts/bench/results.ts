/** Each benchmark writes its figures as JSON in bench-results/, where `npm run bench` gathers them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function saveResults(
  name: string,
  figures: unknown,
  path = join('bench-results', `${name}.json`),
): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);
  return path;
}
