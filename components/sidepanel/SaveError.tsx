/** Why a note was not saved; when storage was full, that it waits here, with Retry. */
export function SaveError({
  error,
  waiting,
  retry,
}: {
  error: string | null;
  waiting: boolean;
  retry: () => Promise<void>;
}) {
  if (!error) return null;
  return (
    <div class="error" role="alert" data-testid="save-error">
      <p>{error}</p>
      {waiting && (
        <button type="button" data-testid="save-retry" onClick={() => void retry()}>
          Retry
        </button>
      )}
    </div>
  );
}
