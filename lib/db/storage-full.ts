/**
 * IndexedDB refusing a write because the origin's quota is used up. Browsers report it as a
 * QuotaExceededError DOMException; Dexie 4 passes it on mapped (a Dexie QuotaExceededError with the
 * DOMException as `inner`), inside an AbortError when the transaction aborted at commit, or among a
 * BulkError's failures. The write's transaction is rolled back: nothing stored changes.
 */

/** What the reader is told; the side panel keeps the note and retries. */
export const STORAGE_FULL =
  "Your browser's storage for Caucasus Lens is full. The note is kept here and will be saved as soon as there is space: free some (other sites' data, old notes), or press Retry.";

interface Wrapped {
  name?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as Wrapped;
  if (e.name === 'QuotaExceededError') return true;
  const nested = [e.inner, e.cause, ...(Array.isArray(e.failures) ? e.failures : [])];
  return nested.some((inner) => isQuotaError(inner, depth + 1));
}
