import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SyncStatus } from '../../lib/background/sync-service.ts';
import { send } from '../../lib/messaging.ts';

/**
 * Sync across devices: WebDAV set-up (the server's host permission is asked for here, on the reader's
 * click, not at install) and the state: last sync, changes waiting, conflicts, and any problem with
 * what to do about it.
 */
export function SyncView() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [form, setForm] = useState({ url: '', user: '', password: '', encrypt: false, passphrase: '' });
  const [busy, setBusy] = useState(false);
  const [browserPassphrase, setBrowserPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    const answer = await send('sync:status', {});
    if (answer.ok) setStatus(answer.value);
  };
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, []);

  const connect = async () => {
    setError(null);
    let origin: string;
    try {
      origin = new URL(form.url).origin;
    } catch {
      return setError('Enter the full address of your WebDAV folder, starting with https://');
    }
    // Straight from the click: the browser asks the reader to allow this one server.
    const granted = await browser.permissions.request({ origins: [`${origin}/*`] });
    if (!granted) return setError(`Sync needs permission to reach ${origin}.`);
    setBusy(true);
    const answer = await send('sync:webdav-configure', {
      url: form.url,
      user: form.user,
      password: form.password,
      passphrase: form.encrypt ? form.passphrase : null,
    });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setStatus(answer.value);
    if (answer.value.error) setError(answer.value.error.message);
  };

  const field = (name: 'url' | 'user' | 'password' | 'passphrase', label: string, secret = false) => {
    const props = {
      id: `sync-field-${name}`,
      'data-testid': `sync-${name}`,
      value: form[name],
      onInput: (e: { currentTarget: HTMLInputElement }) =>
        setForm({ ...form, [name]: e.currentTarget.value }),
    };
    const id = `sync-field-${name}`;
    return (
      <div class="field">
        <label for={id}>{label}</label>
        {secret ? (
          <input type="password" autocomplete="new-password" {...props} />
        ) : (
          <input type="text" autocomplete="off" {...props} />
        )}
      </div>
    );
  };

  if (!status) return <p class="muted">…</p>;
  return (
    <section class="sync-view" data-testid="sync-view">
      <h2>Sync across devices</h2>
      <p class="muted">
        Settings follow you through your browser's own sync. Notes sync through a WebDAV folder of yours
        (Nextcloud, ownCloud, a NAS…); with a passphrase, the server only ever sees ciphertext.
      </p>
      <h3>Your browser's sync</h3>
      <label class="check">
        <input
          type="checkbox"
          data-testid="browser-sync"
          checked={status.browser.enabled}
          onChange={async (e) => {
            const answer = await send('sync:browser', { enabled: e.currentTarget.checked });
            if (answer.ok) setStatus(answer.value);
          }}
        />
        Sync notes through this browser's own sync (about 100 KB: a few hundred notes)
      </label>
      {status.browser.enabled && (
        <p class="muted" data-testid="browser-sync-status">
          {status.browser.lastOk
            ? `Last synced ${new Date(status.browser.lastOk).toLocaleString()}.`
            : 'Not synced yet.'}
        </p>
      )}
      {status.browser.enabled && status.browser.notSynced > 0 && (
        <p class="warning" role="alert" data-testid="browser-sync-full">
          {status.browser.notSynced} of your notes do not fit in your browser's sync storage. They are all
          kept on this device; to sync them all, set up WebDAV below.
        </p>
      )}
      {status.browser.enabled && (
        <div class="row">
          <input
            type="password"
            aria-label="Passphrase for browser sync"
            data-testid="browser-passphrase"
            autocomplete="new-password"
            placeholder={
              status.browser.encrypted
                ? 'Encrypted: a new passphrase changes it'
                : 'Passphrase to encrypt (optional)'
            }
            value={browserPassphrase}
            onInput={(e) => setBrowserPassphrase(e.currentTarget.value)}
          />
          <button
            type="button"
            data-testid="browser-encrypt"
            disabled={browserPassphrase.length < 8 || busy}
            onClick={async () => {
              setBusy(true);
              const answer = await send('sync:browser', { enabled: true, passphrase: browserPassphrase });
              setBusy(false);
              setBrowserPassphrase('');
              if (answer.ok) setStatus(answer.value);
              else setError(answer.error);
            }}
          >
            {status.browser.encrypted ? 'Change passphrase' : 'Encrypt'}
          </button>
        </div>
      )}
      {status.browser.error && (
        <p class="error" role="alert">
          {status.browser.error.message}
        </p>
      )}
      <h3>WebDAV</h3>
      {status.configured ? (
        <>
          <dl class="facts" data-testid="sync-status">
            <div>
              <dt>Server</dt>
              <dd>
                {status.url} ({status.user}){status.encrypted ? ', encrypted' : ''}
              </dd>
            </div>
            <div>
              <dt>Last sync</dt>
              <dd data-testid="sync-last">
                {status.lastOk ? new Date(status.lastOk).toLocaleString() : 'not yet'}
              </dd>
            </div>
            <div>
              <dt>Waiting to send</dt>
              <dd data-testid="sync-pending">{status.pending}</dd>
            </div>
            <div>
              <dt>Conflicts</dt>
              <dd>
                {status.conflicts
                  ? `${status.conflicts} notes edited on two devices at once: see Notes`
                  : 'none'}
              </dd>
            </div>
          </dl>
          {status.error && (
            <p class="error" role="alert" data-testid="sync-error">
              {status.error.message}
            </p>
          )}
          <div class="row">
            <button
              type="button"
              data-testid="sync-now"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                const answer = await send('sync:now', {});
                setBusy(false);
                if (answer.ok) setStatus(answer.value);
              }}
            >
              Sync now
            </button>
            <button
              type="button"
              onClick={async () => {
                const answer = await send('sync:webdav-disconnect', {});
                if (answer.ok) setStatus(answer.value);
              }}
            >
              Stop syncing with this server
            </button>
          </div>
        </>
      ) : (
        <form
          class="sync-form"
          onSubmit={(e) => {
            e.preventDefault();
            void connect();
          }}
        >
          {field('url', 'WebDAV folder address')}
          {field('user', 'User name')}
          {field('password', 'App password', true)}
          <label class="check">
            <input
              type="checkbox"
              data-testid="sync-encrypt"
              checked={form.encrypt}
              onChange={(e) => setForm({ ...form, encrypt: e.currentTarget.checked })}
            />
            Encrypt my notes with a passphrase (use the same one on every device; it cannot be recovered)
          </label>
          {form.encrypt && field('passphrase', 'Passphrase (8 characters or more)', true)}
          <button
            type="submit"
            data-testid="sync-connect"
            disabled={busy || !form.url || !form.user || !form.password}
          >
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </form>
      )}
      {error && !status.error && (
        <p class="error" role="alert" data-testid="sync-error">
          {error}
        </p>
      )}
    </section>
  );
}
