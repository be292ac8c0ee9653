/**
 * The merge engine, pure. Each note is a multi-value register: the set of its versions that no other
 * version supersedes (by version vector). Merging is set union followed by dropping superseded
 * versions, so it is commutative, associative and idempotent: devices that have seen the same versions
 * hold the same notes, in whatever order the versions arrived, however often.
 *
 * What the reader sees is derived from that set: the version with the latest clock stamp wins; the
 * others are conflicts, kept with their text until the reader resolves them (a resolution is a new
 * version that supersedes them all). A deletion is a version too (a tombstone): if any surviving
 * version is a deletion, the note stays deleted, and live concurrent edits stay listed as conflicts.
 */

/** Per-device edit counters of one note. */
export type VersionVector = Record<string, number>;

export interface Version<T> {
  id: string;
  /** Hybrid logical clock stamp of the edit (see clock.ts). */
  hlc: string;
  vv: VersionVector;
  deleted: boolean;
  data: T;
}

export type Order = 'equal' | 'before' | 'after' | 'concurrent';

/** How version vector a relates to b. */
export function compareVV(a: VersionVector, b: VersionVector): Order {
  let less = false;
  let more = false;
  for (const device of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[device] ?? 0;
    const y = b[device] ?? 0;
    if (x < y) less = true;
    if (x > y) more = true;
  }
  if (less && more) return 'concurrent';
  if (less) return 'before';
  if (more) return 'after';
  return 'equal';
}

export function maxVV(versions: readonly { vv: VersionVector }[]): VersionVector {
  const out: VersionVector = {};
  for (const { vv } of versions) for (const [d, n] of Object.entries(vv)) out[d] = Math.max(out[d] ?? 0, n);
  return out;
}

/** Union of two sets of versions of one note, without the superseded ones; sorted by stamp. */
export function mergeVersions<T>(a: readonly Version<T>[], b: readonly Version<T>[]): Version<T>[] {
  const all = [...a, ...b];
  const kept: Version<T>[] = [];
  for (const v of all) {
    const superseded = all.some((w) => w !== v && compareVV(v.vv, w.vv) === 'before');
    // Equal vectors are the same edit (seen twice): keep one.
    const duplicate = kept.some((w) => compareVV(v.vv, w.vv) === 'equal');
    if (!superseded && !duplicate) kept.push(v);
  }
  return kept.sort((x, y) => (x.hlc < y.hlc ? 1 : x.hlc > y.hlc ? -1 : 0));
}

export interface Resolved<T> {
  /** What the reader sees: the latest version, or the deletion if any surviving version is one. */
  current: Version<T>;
  /** The other surviving versions, with their words. */
  conflicts: Version<T>[];
}

export function resolve<T>(versions: readonly Version<T>[]): Resolved<T> {
  const sorted = mergeVersions(versions, []);
  const current = sorted.find((v) => v.deleted) ?? sorted[0];
  if (!current) throw new Error('a note has at least one version');
  return { current, conflicts: sorted.filter((v) => v !== current && !v.deleted) };
}

/**
 * A local edit on top of what the device shows. `supersede` lists the versions the edit replaces: the
 * shown version always, the conflicts only when the reader resolved them.
 */
export function edit<T>(
  id: string,
  supersede: readonly Version<T>[],
  device: string,
  hlc: string,
  data: T,
  deleted = false,
): Version<T> {
  const vv = maxVV(supersede);
  vv[device] = (vv[device] ?? 0) + 1;
  return { id, hlc, vv, deleted, data };
}
