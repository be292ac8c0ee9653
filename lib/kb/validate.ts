/**
 * Validates the knowledge base's source files as a whole: each file against the schema, then the
 * cross-file rules (unique ids, known relation targets, no unruled alias collisions).
 * Pure: takes parsed files, returns entities or errors that name the file and the field.
 */
import * as v from 'valibot';
import { type Entity, EntitySchema } from './schema.ts';

export interface SourceFile {
  path: string;
  data: unknown;
}

export interface KbValidation {
  entities: Entity[];
  errors: string[];
}

/** Folding used only to detect collisions: case- and accent-insensitive. */
export function collisionKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[\s\u2010-\u2015'’ʼ-]+/g, ' ')
    .trim();
}

export function validateKb(files: readonly SourceFile[]): KbValidation {
  const errors: string[] = [];
  const entities: Entity[] = [];
  const pathOf = new Map<string, string>();

  for (const file of files) {
    const result = v.safeParse(EntitySchema, file.data);
    if (!result.success) {
      for (const issue of result.issues) {
        const field = v.getDotPath(issue) ?? '(root)';
        errors.push(`${file.path}: ${field}: ${issue.message}`);
      }
      continue;
    }
    const entity = result.output;
    const expectedName = `${entity.type}/${entity.id}.json`;
    if (!file.path.endsWith(expectedName)) {
      errors.push(`${file.path}: id: file must be at kb/${expectedName}`);
    }
    const seen = pathOf.get(entity.id);
    if (seen) {
      errors.push(`${file.path}: id: duplicate id "${entity.id}" (also in ${seen})`);
      continue;
    }
    pathOf.set(entity.id, file.path);
    entities.push(entity);
  }

  const ids = new Set(entities.map((e) => e.id));
  for (const entity of entities) {
    const path = pathOf.get(entity.id) ?? entity.id;
    entity.relations?.forEach((rel, i) => {
      if (!ids.has(rel.target)) {
        errors.push(`${path}: relations.${i}.target: unknown entity "${rel.target}"`);
      }
    });
    if (entity.replacedBy && !ids.has(entity.replacedBy)) {
      errors.push(`${path}: replacedBy: unknown entity "${entity.replacedBy}"`);
    }
    if (entity.type === 'event' && !entity.start) {
      errors.push(`${path}: start: events need a start date`);
    }
    entity.ambiguity?.forEach((rule, i) => {
      const surfaces = surfaceForms(entity).map(collisionKey);
      if (!surfaces.includes(collisionKey(rule.text))) {
        errors.push(`${path}: ambiguity.${i}.text: "${rule.text}" is not a name or alias of this entity`);
      }
    });
  }

  errors.push(...findCollisions(entities, pathOf));
  return { entities, errors };
}

/** Every text the recognizer will look for, for one entity. */
export function surfaceForms(entity: Entity): string[] {
  const forms = new Set<string>();
  for (const list of Object.values(entity.names)) for (const name of list ?? []) forms.add(name);
  for (const alias of entity.aliases ?? []) forms.add(alias.text);
  return [...forms];
}

function findCollisions(entities: readonly Entity[], pathOf: Map<string, string>): string[] {
  const owners = new Map<string, Set<string>>();
  const ruled = new Set<string>(); // `${id}\u0000${key}`
  for (const entity of entities) {
    if (entity.replacedBy) continue;
    for (const form of surfaceForms(entity)) {
      const key = collisionKey(form);
      const set = owners.get(key) ?? new Set<string>();
      set.add(entity.id);
      owners.set(key, set);
    }
    for (const rule of entity.ambiguity ?? []) ruled.add(`${entity.id}\u0000${collisionKey(rule.text)}`);
  }
  const errors: string[] = [];
  for (const [key, set] of owners) {
    if (set.size < 2) continue;
    // A shared surface is fine when all but at most one owner declare a context rule for it.
    const unruled = [...set].filter((id) => !ruled.has(`${id}\u0000${key}`));
    if (unruled.length > 1) {
      const where = unruled.map((id) => pathOf.get(id) ?? id).join(', ');
      errors.push(
        `${where}: names/aliases: "${key}" is shared by ${unruled.join(', ')} without an ambiguity rule`,
      );
    }
  }
  return errors;
}
