/**
 * Tallies for `npm run test:reliability`: a reliability test records what it proved (a hostile page
 * survived, a bad message refused, fuzz runs, a fault injected, requests inspected) after its
 * assertions pass. Vitest runs files in separate workers, so the tallies go to one append-only file
 * that scripts/test-reliability.ts sums.
 */
import { appendFileSync, mkdirSync } from 'node:fs';

export const COUNTS_FILE = 'test-results/reliability-counts.jsonl';

export type ReliabilityKind = 'hostile-pages' | 'bad-messages' | 'fuzz-runs' | 'faults' | 'requests';

export function countReliability(kind: ReliabilityKind, n = 1): void {
  mkdirSync('test-results', { recursive: true });
  appendFileSync(COUNTS_FILE, `${JSON.stringify({ kind, n })}\n`);
}
