// The whole test suite, as CI runs it: static checks, both builds, web-ext lint, then every Vitest
// project (unit and real-browser). Each static step counts as one check; Vitest's tests count one
// each. Ends with the plain line `N passed, N failed[, N skipped]` and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Step {
  name: string;
  command: string;
}

const steps: Step[] = [
  { name: 'typecheck', command: 'npm run --silent typecheck' },
  { name: 'lint', command: 'npm run --silent lint' },
  { name: 'knowledge base check', command: 'npm run --silent kb:check' },
  { name: 'build (chrome, firefox)', command: 'npm run --silent build:all' },
  {
    name: 'web-ext lint (firefox build)',
    command: 'npm run --silent lint:firefox -- --output json --pretty=false',
  },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const started = Date.now();

for (const step of steps) {
  const t0 = Date.now();
  const run = spawnSync(step.command, {
    shell: true,
    stdio: step.name.startsWith('web-ext') ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  let ok = run.status === 0;
  if (step.name.startsWith('web-ext')) {
    // web-ext exits non-zero only on errors; print its summary so warnings are visible.
    try {
      const report = JSON.parse(run.stdout) as {
        count: number;
        summary: { errors: number; warnings: number; notices: number };
      };
      console.log(
        `web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`,
      );
      ok = ok && report.summary.errors === 0;
    } catch {
      console.log(run.stdout, run.stderr);
      ok = false;
    }
  }
  console.log(`${ok ? 'PASS' : 'FAIL'} ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (ok) passed++;
  else failed++;
}

mkdirSync('test-results', { recursive: true });
const jsonPath = 'test-results/vitest.json';
rmSync(jsonPath, { force: true });
const vitest = spawnSync(`npx vitest run --reporter=default --reporter=json --outputFile.json=${jsonPath}`, {
  shell: true,
  stdio: 'inherit',
});
if (existsSync(jsonPath)) {
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: { status: string; message?: string; name: string }[];
  };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A file that failed to load has no tests in the counts: count it as a failure.
  const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && file.message);
  failed += brokenFiles.length;
  if (vitest.status !== 0 && report.numFailedTests === 0 && brokenFiles.length === 0) failed++;
} else {
  console.log('vitest wrote no report');
  failed++;
}

console.log(`\nwall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
