/**
 * The compiled knowledge base shipped inside the extension (kb.json) and the hash that tells the
 * background whether IndexedDB already holds this version.
 */
import { createHash } from 'node:crypto';
import { readKbSources } from './read-sources.ts';
import type { Entity } from './schema.ts';
import { validateKb } from './validate.ts';

export interface KbBundle {
  /** Content hash of the entities: equal hash, equal knowledge base. */
  hash: string;
  entities: Entity[];
}

export class KbValidationError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`knowledge base is invalid (${problems.length} problems):\n  ${problems.join('\n  ')}`);
    this.name = 'KbValidationError';
    this.problems = problems;
  }
}

export function bundleKb(entities: readonly Entity[]): KbBundle {
  const sorted = [...entities].sort((a, b) => (a.id < b.id ? -1 : 1));
  const hash = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  return { hash, entities: sorted };
}

/** Reads, validates and bundles kb/ (build time, Node). Throws KbValidationError naming file and field. */
export function buildKbFromDisk(root: string): KbBundle {
  const { files, errors: readErrors } = readKbSources(root);
  const { entities, errors } = validateKb(files);
  const problems = [...readErrors, ...errors];
  if (problems.length) throw new KbValidationError(problems);
  return bundleKb(entities);
}
