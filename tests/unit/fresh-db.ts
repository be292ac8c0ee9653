/** A new, empty database for a test; every one a test file made is deleted after each test. */
import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { LensDatabase } from '../../lib/db/database.ts';

const names: string[] = [];

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

export function freshDb(): LensDatabase {
  const name = `test-${crypto.randomUUID()}`;
  names.push(name);
  return new LensDatabase(name);
}
