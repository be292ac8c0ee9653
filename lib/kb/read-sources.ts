/** Reads kb/<type>/<id>.json from disk (Node only: build scripts and tests). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SourceFile } from './validate.ts';

export function readKbSources(root: string): { files: SourceFile[]; errors: string[] } {
  const files: SourceFile[] = [];
  const errors: string[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(join(root, dir.name)).sort()) {
      if (!name.endsWith('.json')) continue;
      const full = join(root, dir.name, name);
      const path = relative(join(root, '..'), full);
      try {
        files.push({ path, data: JSON.parse(readFileSync(full, 'utf8')) });
      } catch (error) {
        errors.push(`${path}: (file): invalid JSON: ${(error as Error).message}`);
      }
    }
  }
  return { files, errors };
}
