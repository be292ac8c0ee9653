/**
 * Privacy check for the real-browser tests: every network request Chromium makes is recorded over
 * CDP (every target, attached before it runs, so none is missed) and attributed to the extension when
 * it comes from one of its own contexts (service worker, side panel, popup) or from its content
 * script or stylesheet inside a page. When the browser closes, the extension's requests must all go to
 * the reader's configured WebDAV server; the pages' own requests are theirs and only counted.
 *
 * Chromium only. Firefox ESR over WebDriver BiDi cannot attribute them (checked with
 * network.beforeRequestSent subscribed for every context): the background's requests are never
 * reported (its document is no browsing context BiDi exposes; a WebDAV set-up that reached the
 * server produced no event), and a request that is reported carries initiator {type: 'other'}
 * without URL or stack, so a content script's request looks like its page's. Only an extension page
 * opened as a tab would be seen (by its context's URL): too little to call the extension silent.
 */
import { countReliability } from '../../reliability/counts.ts';
import type { Cdp } from './cdp.ts';

export interface RecordedRequest {
  url: string;
  /** Whose request it is. */
  by: 'extension' | 'content-script' | 'page';
  /** The target (page or worker) it was made in. */
  target: string;
}

/** Schemes that never leave the browser: the extension's packaged files, inline data. */
const LOCAL = /^(chrome-extension|data|blob|about|chrome):/;

interface Initiator {
  url?: string;
  stack?: { callFrames: { url: string }[]; parent?: Initiator['stack'] };
}

function stackUrls(stack: Initiator['stack']): string[] {
  return stack ? [...stack.callFrames.map((f) => f.url), ...stackUrls(stack.parent)] : [];
}

/** Starts recording on `cdp` (a browser-level connection); returns the live list. */
export async function recordRequests(cdp: Cdp, extensionOrigin: string): Promise<RecordedRequest[]> {
  const requests: RecordedRequest[] = [];
  const targetUrl = new Map<string, string>();
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo, waitingForDebugger }) => {
    targetUrl.set(sessionId, targetInfo.url);
    // Frames and workers inside this target too; then let it run, now that it is watched.
    void Promise.all([
      cdp.send('Network.enable', {}, sessionId),
      cdp.send(
        'Target.setAutoAttach',
        { autoAttach: true, waitForDebuggerOnStart: true, flatten: true },
        sessionId,
      ),
    ])
      .catch(() => {})
      .finally(() => {
        if (waitingForDebugger)
          void cdp.send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => {});
      });
  });
  cdp.on('Network.requestWillBeSent', ({ request, initiator, documentURL }, sessionId) => {
    // The document the request is made for: a target's URL is the one it had when attached (a new
    // tab is about:blank then), so an extension page opened in a tab would pass for a web page.
    const target = (documentURL as string | undefined) || (sessionId && targetUrl.get(sessionId)) || '';
    const init = initiator as Initiator;
    const fromExtension = [init.url ?? '', ...stackUrls(init.stack)].some((u) =>
      u.startsWith(extensionOrigin),
    );
    requests.push({
      url: request.url,
      target,
      by: target.startsWith(extensionOrigin) ? 'extension' : fromExtension ? 'content-script' : 'page',
    });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  return requests;
}

/**
 * Throws listing the extension's requests that went anywhere but `allowedOrigins` (the reader's
 * WebDAV server); tallies every request inspected.
 */
export function checkRequests(requests: readonly RecordedRequest[], allowedOrigins: readonly string[]): void {
  const offending = requests.filter(
    (r) => r.by !== 'page' && !LOCAL.test(r.url) && !allowedOrigins.includes(new URL(r.url).origin),
  );
  countReliability('requests', requests.length);
  if (offending.length) {
    throw new Error(
      `the extension made requests it must not:\n${offending.map((r) => `  ${r.by} in ${r.target}: ${r.url}`).join('\n')}`,
    );
  }
}
