import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database.ts';
import { nameIn } from '../../lib/kb/entity-card.ts';
import { ENTITY_TYPES, type EntityType } from '../../lib/kb/schema.ts';
import { send } from '../../lib/messaging.ts';
import { openSidePanel } from '../../lib/panel-request.ts';
import { isSiteEnabled, type Settings, siteKey } from '../../lib/settings.ts';
import { sendToTab } from '../../lib/tab-messaging.ts';
import { TYPE_PLURALS } from '../type-labels.ts';
import { useLiveQuery } from '../use-live-query.ts';

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

interface PageInfo {
  host: string;
  counts: Partial<Record<EntityType, number>>;
}

/**
 * The site and its counts are asked of the tab's content script rather than read from tab.url, which
 * would need the "tabs" permission. No answer means we do not run there (browser pages, PDFs...).
 */
async function pageOf(tabId: number | undefined): Promise<PageInfo | null> {
  if (tabId === undefined) return null;
  const answer = await sendToTab(tabId, 'page:site', {});
  return answer.ok && answer.value.host ? { host: answer.value.host, counts: answer.value.counts } : null;
}

export function PopupApp() {
  const [tabId, setTabId] = useState<number | undefined>(undefined);
  const [page, setPage] = useState<PageInfo | null | undefined>(undefined);
  const [enabled, setEnabled] = useState<boolean | undefined>(undefined);
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  async function refreshPage(id: number | undefined) {
    // Counts change as the page re-marks after a settings change: read them again shortly after.
    setPage(await pageOf(id));
  }

  useEffect(() => {
    void (async () => {
      const id = await targetTabId();
      setTabId(id);
      const info = await pageOf(id);
      setPage(info);
      const current = await send('settings:get', {});
      if (!current.ok) return setError(current.error);
      setSettings(current.value.settings);
      if (info) setEnabled(isSiteEnabled(current.value.settings, info.host));
    })();
  }, []);

  async function toggleSite(next: boolean) {
    if (!page) return;
    const result = await send('site:set-enabled', { host: page.host, enabled: next });
    if (result.ok) setEnabled(result.value.enabled);
    else setError(result.error);
  }

  async function update(patch: Parameters<typeof send<'settings:update'>>[1]) {
    const result = await send('settings:update', patch);
    if (result.ok) setSettings(result.value.settings);
    else setError(result.error);
    setTimeout(() => void refreshPage(tabId), 300);
  }

  const hidden = new Set(settings?.hiddenTypes ?? []);
  return (
    <main class="popup">
      <h1>Caucasus Lens</h1>
      <button
        type="button"
        class="open-panel"
        data-testid="open-panel"
        onClick={() => {
          // Straight from the click: the browser opens panels only on a user gesture.
          void openSidePanel(tabId).then(
            () => window.close(),
            (e: unknown) => setError(String(e)),
          );
        }}
      >
        Open the side panel (notes)
      </button>
      {page === undefined && <p>…</p>}
      {page === null && (
        <p>
          Caucasus Lens does not run on this page (browser pages, or a page opened before it was installed:
          reload it).
        </p>
      )}
      {page && (
        <>
          <p class="site" data-testid="site">
            {page.host}
          </p>
          <label>
            <input
              type="checkbox"
              data-testid="site-toggle"
              checked={enabled ?? false}
              disabled={enabled === undefined}
              onChange={(event) => void toggleSite(event.currentTarget.checked)}
            />
            Mark names on this site
          </label>
        </>
      )}
      {settings && (
        <>
          <label>
            <input
              type="checkbox"
              data-testid="pause"
              checked={settings.paused}
              onChange={(event) => void update({ paused: event.currentTarget.checked })}
            />
            Pause everywhere
          </label>
          <label>
            <input
              type="checkbox"
              data-testid="first-mention"
              checked={settings.firstMentionOnly}
              onChange={(event) => void update({ firstMentionOnly: event.currentTarget.checked })}
            />
            Mark only the first mention of each
          </label>
          <fieldset class="types">
            <legend>Mark these, with their count on this page</legend>
            {ENTITY_TYPES.map((type) => (
              <label key={type}>
                <input
                  type="checkbox"
                  data-testid={`type-${type}`}
                  checked={!hidden.has(type)}
                  onChange={(event) =>
                    void update({
                      hiddenTypes: event.currentTarget.checked
                        ? [...hidden].filter((t) => t !== type)
                        : [...hidden, type],
                    })
                  }
                />
                {TYPE_PLURALS[type]}
                <span class="count" data-testid={`count-${type}`}>
                  {page?.counts[type] ?? 0}
                </span>
              </label>
            ))}
          </fieldset>
          <Unmarked settings={settings} host={page?.host ?? null} onChange={setSettings} />
        </>
      )}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}

/** Entities the reader stopped marking, everywhere or on this site, each with a way back. */
function Unmarked({
  settings,
  host,
  onChange,
}: {
  settings: Settings;
  host: string | null;
  onChange: (settings: Settings) => void;
}) {
  const prefix = host ? `${siteKey(host)} ` : null;
  const here = prefix
    ? settings.notHere.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))
    : [];
  const ids = [...settings.mutedEntities, ...here];
  const rows = useLiveQuery(() => getDb().entities.bulkGet(ids), [ids.join(' ')]);
  if (!ids.length) return null;
  const name = (id: string) => {
    const row = rows?.find((r) => r?.id === id);
    return row ? nameIn(row) : id;
  };
  const restore = async (id: string, muted: boolean) => {
    // Dismissals on this site are undone from the page's own card; the popup can undo mutes and, for
    // the current site, dismissals, through the same extension-level settings message.
    const result = muted
      ? await send('entity:mute', { entityId: id, muted: false })
      : await send('settings:update', { notHere: settings.notHere.filter((k) => k !== `${prefix}${id}`) });
    if (result.ok) onChange(result.value.settings);
  };
  return (
    <section class="unmarked" data-testid="unmarked">
      <h2>Not marked</h2>
      <ul>
        {settings.mutedEntities.map((id) => (
          <li key={`m-${id}`}>
            {name(id)} <span class="muted">everywhere</span>{' '}
            <button type="button" onClick={() => void restore(id, true)}>
              Mark again
            </button>
          </li>
        ))}
        {here.map((id) => (
          <li key={`h-${id}`}>
            {name(id)} <span class="muted">on this site</span>{' '}
            <button type="button" onClick={() => void restore(id, false)}>
              Mark again
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
