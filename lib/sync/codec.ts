/**
 * What sync writes and reads: batches of note versions, plain or sealed, in one JSON envelope; and
 * the description of a sync space (encrypted or not, the salt, a check value for the passphrase).
 * Everything read back is validated: a server or another extension may hand us anything.
 */
import * as v from 'valibot';
import type { NoteVersion } from '../db/database.ts';
import { type Sealed, seal, unseal, WrongPassphraseError } from './crypto.ts';

export const FORMAT = 'caucasus-lens-sync/1';
const CHECK = 'caucasus-lens passphrase check';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const SealedSchema = v.object({ iv: text(64), ct: v.string() });

const NoteDataSchema = v.object({
  kind: v.picklist(['entity', 'page', 'passage']),
  entityIds: v.pipe(v.array(text(120)), v.maxLength(200)),
  url: v.optional(text(4000)),
  canonical: v.optional(text(4000)),
  title: v.optional(text(2000)),
  target: v.optional(
    v.object({
      quote: v.object({ exact: text(20_000), prefix: text(200), suffix: text(200) }),
      position: v.object({ start: v.number(), end: v.number() }),
    }),
  ),
  body: text(200_000),
  tags: v.pipe(v.array(text(100)), v.maxLength(500)),
  createdAt: v.number(),
  updatedAt: v.number(),
  device: text(100),
});

export const VersionSchema = v.object({
  id: text(100),
  hlc: text(200),
  vv: v.record(text(100), v.pipe(v.number(), v.integer(), v.minValue(0))),
  deleted: v.boolean(),
  data: NoteDataSchema,
});

const BatchSchema = v.object({
  format: v.literal(FORMAT),
  versions: v.optional(v.array(VersionSchema)),
  sealed: v.optional(SealedSchema),
});

export class FormatError extends Error {}

export async function encodeBatch(versions: readonly NoteVersion[], key: CryptoKey | null): Promise<string> {
  if (!key) return JSON.stringify({ format: FORMAT, versions });
  return JSON.stringify({ format: FORMAT, sealed: await seal(key, JSON.stringify(versions)) });
}

export async function decodeBatch(raw: string, key: CryptoKey | null): Promise<NoteVersion[]> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new FormatError('a sync file is not JSON');
  }
  const batch = v.safeParse(BatchSchema, data);
  if (!batch.success) throw new FormatError(`a sync file is not ours: ${v.summarize(batch.issues)}`);
  if (batch.output.sealed) {
    if (!key) throw new WrongPassphraseError();
    const inner = v.safeParse(v.array(VersionSchema), JSON.parse(await unseal(key, batch.output.sealed)));
    if (!inner.success) throw new FormatError('a sealed sync file holds something else');
    return inner.output as NoteVersion[];
  }
  if (key) throw new FormatError('an unencrypted sync file in an encrypted space');
  return (batch.output.versions ?? []) as NoteVersion[];
}

export const SpaceSchema = v.object({
  format: v.literal(FORMAT),
  encrypted: v.boolean(),
  salt: v.optional(text(64)),
  check: v.optional(SealedSchema),
});
export type Space = v.InferOutput<typeof SpaceSchema>;

export async function newSpace(key: CryptoKey | null, salt: string | null): Promise<Space> {
  return key && salt
    ? { format: FORMAT, encrypted: true, salt, check: await seal(key, CHECK) }
    : { format: FORMAT, encrypted: false };
}

/** Throws WrongPassphraseError unless the key opens the space's check value. */
export async function checkKey(space: Space, key: CryptoKey | null): Promise<void> {
  if (!space.encrypted) {
    if (key) throw new FormatError('these notes are synced without encryption; turn encryption off to join');
    return;
  }
  if (!key || !space.check) throw new WrongPassphraseError();
  if ((await unseal(key, space.check as Sealed)) !== CHECK) throw new WrongPassphraseError();
}
