/**
 * Privacy check for the real-browser tests: every network request the browser makes is recorded and
 * attributed to the extension when it comes from one of its own contexts (background, side panel,
 * popup) or from its content script or stylesheet inside a page. When the browser closes, the
 * extension's requests must all go to the reader's configured WebDAV server; the pages' own requests
 * are theirs and only counted.
 *
 * Chromium: over CDP, every target attached before it runs, so none is missed; the extension's by the
 * target's document or the initiator's URL and stack.
 *
 * Firefox: WebDriver BiDi cannot attribute them (the background's requests are never reported, and
 * a reported request's initiator is {type: 'other'}), and a recording proxy would not either: a GET
 * from the background or an extension page carries no Origin and no Referer, and a content script's
 * fetch carries its page's Origin and Referer, exactly as the page's own. So the harness reads
 * Firefox's own account, from inside it (BiDi's chrome scope, which --remote-allow-system-access
 * opens): an observer in the parent process sees every HTTP channel as it opens, whichever process
 * asked for it, with its loadInfo. Seen on Firefox ESR 153 (and held by privacy-check.test.ts):
 * - the background's and extension pages' requests have the extension's principal (moz-extension://);
 * - elements a content script inserts (img, stylesheet) load with an expanded principal naming the
 *   page and the extension;
 * - a content script's fetch or XHR has the page's principal, like the page's own: a process script
 *   in every child process tells them apart by the JavaScript stack at the moment the channel opens
 *   (a moz-extension:// frame on it, even in a timer's callback), joined to the parent's record by
 *   channel id;
 * - the browser's own requests have the system principal and no page. With puppeteer's profile and
 *   the remote agent's preferences, an idle session made only Remote Settings requests; they are
 *   turned off at launch (browsers.ts), and the whole suite then saw none. Any that appear must go to
 *   Mozilla's hosts: a system request elsewhere fails the session.
 * What Firefox cannot show: a request the page's own code makes in reaction to something the content
 * script did (an event it fired, with none of our code on the stack) passes for the page's.
 */
import type { Browser as PpBrowser } from 'puppeteer-core';
import { countReliability } from '../../reliability/counts.ts';
import type { Cdp } from './cdp.ts';

export interface RecordedRequest {
  url: string;
  /** Whose request it is; 'browser': Firefox's own (system principal, outside any page). */
  by: 'extension' | 'content-script' | 'page' | 'browser' | 'unattributed';
  /** The target (page or worker) it was made in: Firefox, the document of its browsing context. */
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

// ---------------------------------------------------------------- Firefox

/**
 * Loaded into every child process (web content, extension): reports each channel opened while one of
 * an extension's scripts is on the stack, since that is all that tells a content script's fetch from
 * its page's.
 */
const PROCESS_SCRIPT = `Services.obs.addObserver({ observe(subject) {
  for (let frame = Components.stack; frame; frame = frame.caller || frame.asyncCaller) {
    if (frame.filename?.startsWith('moz-extension://')) {
      const id = String(subject.QueryInterface(Ci.nsIHttpChannel).channelId);
      sendAsyncMessage('lens:scripted', { id, script: frame.filename });
      return;
    }
  }
} }, 'http-on-opening-request');`;

/** Runs in the parent process: records every HTTP channel as it opens, and the child processes' reports. */
const PARENT_SCRIPT = `(() => {
  const requests = [];
  const scripted = [];
  Services.obs.addObserver({ observe(subject) {
    const channel = subject.QueryInterface(Ci.nsIHttpChannel);
    const info = channel.loadInfo;
    requests.push({
      id: String(channel.channelId),
      url: channel.URI.spec,
      principal: info.triggeringPrincipal.origin,
      system: info.triggeringPrincipal.isSystemPrincipal,
      inPage: info.browsingContextID !== 0,
      document: BrowsingContext.get(info.browsingContextID)?.currentWindowGlobal?.documentURI?.spec ?? '',
    });
  } }, 'http-on-opening-request');
  Services.ppmm.addMessageListener('lens:scripted', { receiveMessage: (m) => scripted.push(m.data) });
  Services.ppmm.loadProcessScript('data:,' + encodeURIComponent(${JSON.stringify(PROCESS_SCRIPT)}), true);
  globalThis.lensRequests = () => JSON.stringify({ requests, scripted });
})()`;

interface FirefoxRecord {
  id: string;
  url: string;
  /** The triggering principal's origin: a web or moz-extension origin, "[Expanded Principal [a, b]]"... */
  principal: string;
  system: boolean;
  inPage: boolean;
  document: string;
}

/** Where Firefox's own services live: its system requests outside a page may go there and nowhere else. */
const MOZILLA = /(^|\.)(mozilla\.(com|net|org)|firefox\.com)$/;

/** puppeteer-core's BiDi connection: not in its public types, but the only way to the chrome scope. */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

/**
 * Starts recording in Firefox (launched with --remote-allow-system-access); returns a function that
 * collects the requests recorded so far, attributed.
 */
export async function recordFirefoxRequests(
  pp: PpBrowser,
  extensionOrigin: string,
): Promise<() => Promise<RecordedRequest[]>> {
  const bidi = (pp as unknown as { connection: BidiConnection }).connection;
  const tree = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const main = (tree.result.contexts as { context: string; url: string }[]).find(
    (c) => c.url === 'chrome://browser/content/browser.xhtml',
  );
  if (!main) throw new Error('no Firefox browser window to record requests from');
  const evaluate = async (expression: string): Promise<unknown> => {
    const { result } = await bidi.send('script.evaluate', {
      expression,
      target: { context: main.context },
      awaitPromise: false,
      resultOwnership: 'none',
    });
    if (result.type !== 'success')
      throw new Error(`recording requests in Firefox: ${JSON.stringify(result)}`);
    return (result.result as { value?: unknown }).value;
  };
  await evaluate(PARENT_SCRIPT);
  return async () => {
    const raw = JSON.parse((await evaluate('lensRequests()')) as string) as {
      requests: FirefoxRecord[];
      scripted: { id: string; script: string }[];
    };
    const scripted = new Set(
      raw.scripted.filter((s) => s.script.startsWith(extensionOrigin)).map((s) => s.id),
    );
    return raw.requests.map((r) => ({
      url: r.url,
      target: r.document,
      by: firefoxAttribution(r, extensionOrigin, scripted),
    }));
  };
}

function firefoxAttribution(
  r: FirefoxRecord,
  extensionOrigin: string,
  scripted: ReadonlySet<string>,
): RecordedRequest['by'] {
  if (r.principal === extensionOrigin) return 'extension';
  const expanded = /^\[Expanded Principal \[(.*)\]\]$/.exec(r.principal)?.[1]?.split(', ') ?? [];
  if (expanded.includes(extensionOrigin) || scripted.has(r.id)) return 'content-script';
  if (r.system && !r.inPage) return MOZILLA.test(new URL(r.url).hostname) ? 'browser' : 'unattributed';
  return 'page';
}

/**
 * Throws listing the extension's requests that went anywhere but `allowedOrigins` (the reader's
 * WebDAV server), and any Firefox could not attribute; tallies every request inspected.
 */
export function checkRequests(requests: readonly RecordedRequest[], allowedOrigins: readonly string[]): void {
  const offending = requests.filter(
    (r) =>
      r.by !== 'page' &&
      r.by !== 'browser' &&
      !LOCAL.test(r.url) &&
      !allowedOrigins.includes(new URL(r.url).origin),
  );
  countReliability('requests', requests.length);
  if (offending.length) {
    throw new Error(
      `the extension made requests it must not:\n${offending.map((r) => `  ${r.by} in ${r.target}: ${r.url}`).join('\n')}`,
    );
  }
}
