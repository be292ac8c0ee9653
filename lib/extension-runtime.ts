/**
 * The extension runtime, straight from the browser, for the code that runs inside every page. The
 * content script starts in every page and frame the reader opens; webextension-polyfill (which the
 * extension's own pages keep using) costs it about a millisecond there, wrapping the whole API and
 * its metadata, for nothing: what this code needs is promise-based natively in both browsers (MV3
 * chrome.runtime.sendMessage and chrome.storage; Firefox's browser.*). npm run profile:page.
 */
import type { browser } from 'wxt/browser';

type Api = Pick<typeof browser, 'runtime' | 'storage'>;

// Firefox (and Chrome, where it exists) defines `browser`; Chrome always has `chrome`. Content
// scripts run in an isolated world, so a page cannot plant either.
const scope = globalThis as { browser?: Api; chrome?: Api };

/** The runtime; its `id` is gone once an extension update has orphaned this copy (Chrome). */
export const nativeRuntime = (): Api['runtime'] | undefined => (scope.browser ?? scope.chrome)?.runtime;

export const nativeStorage = (): Api['storage'] => (scope.browser ?? scope.chrome)?.storage as Api['storage'];
