import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Clock } from '../../lib/sync/clock.ts';
import { compareVV, edit, mergeVersions, resolve, type Version } from '../../lib/sync/versions.ts';

type V = Version<string>;
type State = Map<string, V[]>;

const DEVICES = ['a', 'b', 'c'] as const;

const op = fc.record({
  kind: fc.constantFrom('create', 'edit', 'edit', 'delete', 'resolve', 'deliver', 'deliver', 'deliver'),
  device: fc.integer({ min: 0, max: 2 }),
  pick: fc.nat(),
  fault: fc.constantFrom('none', 'none', 'none', 'drop', 'duplicate', 'delay'),
});

function apply(state: State, v: V): void {
  state.set(v.id, mergeVersions(state.get(v.id) ?? [], [v]));
}

describe('merge engine', () => {
  it('orders version vectors', () => {
    expect(compareVV({ a: 1 }, { a: 1 })).toBe('equal');
    expect(compareVV({ a: 1 }, { a: 2 })).toBe('before');
    expect(compareVV({ a: 2, b: 1 }, { a: 2 })).toBe('after');
    expect(compareVV({ a: 2 }, { b: 1 })).toBe('concurrent');
  });

  it('keeps both texts of concurrent edits; the later one is shown, the other is a conflict', () => {
    const base: V = { id: 'n', hlc: '000000001:0000:a', vv: { a: 1 }, deleted: false, data: 'first' };
    const onA = edit('n', [base], 'a', '000000002:0000:a', 'edited on A');
    const onB = edit('n', [base], 'b', '000000003:0000:b', 'edited on B');
    const merged = mergeVersions([base, onA], [onB]);
    const { current, conflicts } = resolve(merged);
    expect(current.data).toBe('edited on B');
    expect(conflicts.map((c) => c.data)).toEqual(['edited on A']);
    // Resolving supersedes both.
    const fixed = edit('n', merged, 'a', '000000004:0000:a', 'both merged by hand');
    expect(mergeVersions(merged, [fixed]).map((v) => v.data)).toEqual(['both merged by hand']);
  });

  it('a deletion concurrent with an edit keeps the note deleted and the edit listed', () => {
    const base: V = { id: 'n', hlc: '000000001:0000:a', vv: { a: 1 }, deleted: false, data: 'x' };
    const gone = edit('n', [base], 'a', '000000005:0000:a', 'x', true);
    const later = edit('n', [base], 'b', '000000009:0000:b', 'words typed on B');
    const { current, conflicts } = resolve(mergeVersions([gone], [later]));
    expect(current.deleted).toBe(true);
    expect(conflicts.map((c) => c.data)).toEqual(['words typed on B']);
  });

  it('3 devices, random edits and faulty delivery: all converge, nothing written is lost, nothing deleted returns', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        let wall = 1;
        const clocks = DEVICES.map((d) => new Clock(d, () => wall));
        const states: State[] = DEVICES.map(() => new Map());
        const queues: V[][] = DEVICES.map(() => []);
        const created: V[] = [];
        const deletedIds = new Set<string>();
        let ids = 0;
        const send = (from: number, v: V, fault: string) => {
          created.push(v);
          for (let to = 0; to < DEVICES.length; to++) {
            if (to === from || fault === 'drop') continue;
            const q = queues[to] as V[];
            if (fault === 'delay') q.unshift(v);
            else q.push(v);
            if (fault === 'duplicate') q.push(v);
          }
        };
        for (const o of ops) {
          wall += 1 + (o.pick % 3);
          const d = o.device;
          const device = DEVICES[d] as string;
          const state = states[d] as State;
          const clock = clocks[d] as Clock;
          const visible = [...state.entries()].filter(([, vs]) => !resolve(vs).current.deleted);
          const target = visible.length ? visible[o.pick % visible.length] : undefined;
          let v: V | null = null;
          if (o.kind === 'create' || (!target && o.kind !== 'deliver')) {
            const id = `n${ids++}`;
            v = { id, hlc: clock.tick(), vv: { [device]: 1 }, deleted: false, data: `${id} by ${device}` };
          } else if (target && o.kind === 'edit') {
            v = edit(
              target[0],
              [resolve(target[1]).current],
              device,
              clock.tick(),
              `${target[0]} edited by ${device} at ${wall}`,
            );
          } else if (target && o.kind === 'delete') {
            v = edit(target[0], [resolve(target[1]).current], device, clock.tick(), 'deleted', true);
            deletedIds.add(target[0]);
          } else if (target && o.kind === 'resolve') {
            v = edit(target[0], target[1], device, clock.tick(), `${target[0]} resolved by ${device}`);
          } else if (o.kind === 'deliver') {
            const q = queues[d] as V[];
            const msg = q.shift();
            if (msg) {
              clock.observe(msg.hlc);
              apply(state, msg);
            }
          }
          if (v) {
            apply(state, v);
            send(d, v, o.fault);
          }
        }
        // Delivery resumes: every device sends everything it holds (what a full sync does).
        for (let from = 0; from < DEVICES.length; from++) {
          for (const vs of (states[from] as State).values()) {
            for (let to = 0; to < DEVICES.length; to++) for (const v of vs) apply(states[to] as State, v);
          }
        }
        // Converged: the same versions everywhere, in whatever order they came.
        const snapshot = (s: State) =>
          JSON.stringify([...s.entries()].sort(([a], [b]) => a.localeCompare(b)));
        expect(snapshot(states[1] as State)).toBe(snapshot(states[0] as State));
        expect(snapshot(states[2] as State)).toBe(snapshot(states[0] as State));
        const final = states[0] as State;
        const byId = new Map<string, V[]>();
        for (const v of created) byId.set(v.id, [...(byId.get(v.id) ?? []), v]);
        for (const [id, versions] of byId) {
          // Every version nobody superseded survives, with its words: nothing typed is lost.
          expect(final.get(id)).toEqual(mergeVersions(versions, []));
          const shown = resolve(final.get(id) ?? []);
          // Deleted notes stay deleted (the test never restores one).
          if (deletedIds.has(id)) expect(shown.current.deleted).toBe(true);
          else expect(shown.current.deleted).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
