/**
 * Saving a note from the panel. When the browser's storage is full the background writes nothing and
 * says so (storageFull): the draft stays in its composer, the reader is told, and the save is tried
 * again, later and later, while the panel is open; Retry tries at once.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Result } from '../../lib/protocol.ts';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export interface Save {
  /** The last failure, to show; null once saved. */
  error: string | null;
  /** Storage was full: the note waits here and a retry is scheduled (show Retry). */
  waiting: boolean;
  /** Saves now (the composer's button, Retry, and the scheduled retries). */
  save: () => Promise<void>;
}

/**
 * `attempt` sends the current draft and clears it on success; it returns null when there is nothing
 * to send. The latest `attempt` is used, so a retry saves the draft as the reader left it.
 */
export function useSave(attempt: () => Promise<Result<unknown> | null>): Save {
  const latest = useRef(attempt);
  latest.current = attempt;
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const failures = useRef(0);
  const busy = useRef(false);
  // Closing the panel ends the retries (the note was never written, and was never claimed to be).
  useEffect(() => () => clearTimeout(timer.current), []);

  const save = async (): Promise<void> => {
    if (busy.current) return;
    busy.current = true;
    clearTimeout(timer.current);
    let answer: Result<unknown> | null;
    try {
      answer = await latest.current();
    } finally {
      busy.current = false;
    }
    if (!answer || answer.ok) {
      failures.current = 0;
      setWaiting(false);
      if (answer) setError(null);
      return;
    }
    setError(answer.error);
    if (!answer.storageFull) {
      setWaiting(false);
      return;
    }
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures.current++);
    setWaiting(true);
    timer.current = setTimeout(() => void save(), delay);
  };
  return { error, waiting, save };
}
