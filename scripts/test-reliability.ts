// The reliability tests alone (tests/unit/reliability, tests/e2e/reliability): builds the test build
// if there is none (LENS_TEST_HOSTS=1, as the real-browser tests expect), runs them, then prints the
// passed/failed counts and what they proved, summed from the tallies the tests write
// (tests/reliability/counts.ts). Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { COUNTS_FILE, type ReliabilityKind } from '../tests/reliability/counts.ts';

const LABELS: Record<ReliabilityKind, string> = {
  'hostile-pages': 'hostile pages survived',
  'bad-messages': 'bad messages refused',
  'fuzz-runs': 'fuzz runs',
  faults: 'faults injected',
  requests: 'requests seen',
};

/** A build made for the tests: it grants loopback up front (LENS_TEST_HOSTS=1). */
const testBuild = (dir: string) =>
  existsSync(`${dir}/manifest.json`) &&
  readFileSync(`${dir}/manifest.json`, 'utf8').includes('http://127.0.0.1/*');

if (!testBuild('.output/chrome-mv3') || !testBuild('.output/firefox-mv3')) {
  const build = spawnSync('npm run --silent build:all', {
    shell: true,
    stdio: 'inherit',
    env: { ...process.env, LENS_TEST_HOSTS: '1' },
  });
  if (build.status !== 0) {
    console.log('build failed\n0 passed, 1 failed');
    process.exit(1);
  }
}

mkdirSync('test-results', { recursive: true });
rmSync(COUNTS_FILE, { force: true });
const jsonPath = 'test-results/reliability.json';
rmSync(jsonPath, { force: true });
const vitest = spawnSync(
  `npx vitest run tests/unit/reliability tests/e2e/reliability --reporter=default --reporter=json --outputFile.json=${jsonPath}`,
  { shell: true, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
if (existsSync(jsonPath)) {
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults: { status: string; message?: string }[];
  };
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  // A file that failed to load has no tests in the counts: count it as a failure.
  const broken = report.testResults.filter((file) => file.status === 'failed' && file.message).length;
  failed += broken;
  if (vitest.status !== 0 && failed === 0) failed = 1;
} else {
  console.log('vitest wrote no report');
  failed = 1;
}

const totals = new Map<ReliabilityKind, number>(Object.keys(LABELS).map((k) => [k as ReliabilityKind, 0]));
if (existsSync(COUNTS_FILE)) {
  for (const line of readFileSync(COUNTS_FILE, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { kind, n } = JSON.parse(line) as { kind: ReliabilityKind; n: number };
    totals.set(kind, (totals.get(kind) ?? 0) + n);
  }
}
console.log('');
for (const [kind, label] of Object.entries(LABELS))
  console.log(`${label}: ${totals.get(kind as ReliabilityKind) ?? 0}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
