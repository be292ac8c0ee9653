/**
 * The page benchmark, run once on two small pages so it does not rot: it must finish and report a
 * figure for every contender. Speed itself is not tested (npm run bench reports it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm run bench:pages, smoke run', () => {
  it('measures us, the peers and the floor on two pages, the stress pages and a quiet page', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lens-bench-smoke-')), 'pages.json');
    const run = spawnSync('npm', ['run', '--silent', 'bench:pages'], {
      env: { ...process.env, BENCH_PAGES: '1', BENCH_REPEATS: '1', BENCH_QUICK: '1', BENCH_OUT: out },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ours \/ naive/);
    const figures = JSON.parse(readFileSync(out, 'utf8'));
    expect(figures.rows).toHaveLength(2);
    for (const row of figures.rows) {
      for (const key of ['oursMs', 'naiveMs', 'markJsMs', 'floorMs', 'longestTaskMs']) {
        expect(row[key], `${row.page} ${key}`).toBeGreaterThan(0);
      }
    }
    const seed = figures.rows.find((r: { page: string }) => r.page === 'seed');
    expect(seed.mentions).toBeGreaterThan(30);
    expect(seed.naiveMatches).toBeGreaterThan(30);
    expect(figures.stress.big.marks).toBe(400);
    expect(figures.stress.appending.unmarked).toBe(0);
    expect(figures.noMentions.heapBytes).toBeGreaterThan(0);
  }, 300_000);
});
