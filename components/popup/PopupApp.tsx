import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send, sendToTab } from '../../lib/messaging.ts';

/**
 * The tab the popup acts on: the active tab, or `?tab=ID` when the popup page is opened for a given tab
 * (used by the real-browser tests, where the popup is opened as a page).
 */
async function targetTabId(): Promise<number | undefined> {
  const param = Number(new URLSearchParams(location.search).get('tab'));
  if (param) return param;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/**
 * The site is asked of the tab's content script rather than read from tab.url, which would need the
 * "tabs" permission. No answer means we do not run there (browser pages, the web store, PDFs).
 */
async function siteOf(tabId: number | undefined): Promise<string | null> {
  if (tabId === undefined) return null;
  const answer = await sendToTab(tabId, 'page:site', {});
  return answer.ok && answer.value.host ? answer.value.host : null;
}

export function PopupApp() {
  const [host, setHost] = useState<string | null | undefined>(undefined);
  const [enabled, setEnabled] = useState<boolean | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const h = await siteOf(await targetTabId());
      setHost(h);
      if (!h) return;
      const status = await send('site:status', { host: h });
      if (status.ok) setEnabled(status.value.enabled);
      else setError(status.error);
    })();
  }, []);

  async function toggle(next: boolean) {
    if (!host) return;
    const result = await send('site:set-enabled', { host, enabled: next });
    if (result.ok) setEnabled(result.value.enabled);
    else setError(result.error);
  }

  return (
    <main class="popup">
      <h1>Caucasus Lens</h1>
      {host === undefined && <p>…</p>}
      {host === null && (
        <p>
          Caucasus Lens does not run on this page (browser pages, or a page opened before it was installed:
          reload it).
        </p>
      )}
      {host && (
        <>
          <p class="site" data-testid="site">
            {host}
          </p>
          <label>
            <input
              type="checkbox"
              data-testid="site-toggle"
              checked={enabled ?? false}
              disabled={enabled === undefined}
              onChange={(event) => void toggle(event.currentTarget.checked)}
            />
            Mark names on this site
          </label>
        </>
      )}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
