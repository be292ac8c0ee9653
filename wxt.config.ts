import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { buildKbFromDisk } from './lib/kb/bundle.ts';
import { type KbRows, toRow } from './lib/kb/rows.ts';
import { compileRecognizer } from './lib/recognizer/compile.ts';

const GECKO_ID = 'caucasus-lens@caucasus-lens.org';

// Validated once per build: an invalid knowledge base fails the build with file and field.
// LENS_KB_DIR builds against another knowledge base (tests of knowledge-base updates use it).
const kb = buildKbFromDisk(process.env.LENS_KB_DIR ?? fileURLToPath(new URL('./kb', import.meta.url)));

export default defineConfig({
  // LENS_OUT_DIR builds elsewhere (the knowledge-base update test builds two versions).
  ...(process.env.LENS_OUT_DIR ? { outDir: process.env.LENS_OUT_DIR } : {}),
  // MV3 everywhere: a service worker in Chrome, an event page (background.scripts) in Firefox.
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  autoIcons: { baseIconPath: 'assets/icon.svg', developmentIndicator: false },
  manifest: ({ browser }) => ({
    name: 'Caucasus Lens',
    description:
      'Context for news about the South Caucasus: marks actors and corridors on any page, explains them on hover, keeps your notes.',
    // storage: settings (storage.sync) and sync state. Side panel permission is added by WXT for Chrome.
    // contextMenus: "Add note" on a selection (no warning shown at install).
    // alarms: periodic sync.
    permissions: ['storage', 'contextMenus', 'alarms'],
    // WebDAV sync: the reader's server is asked for when they set it up, never at install. The
    // real-browser tests build with LENS_TEST_HOSTS=1, granting loopback up front (a headless browser
    // cannot answer the permission prompt).
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    ...(process.env.LENS_TEST_HOSTS ? { host_permissions: ['http://127.0.0.1/*'] } : {}),
    action: { default_title: 'Caucasus Lens' },
    // Keyboard: step through the mentions on a page (each opens its card), open the panel.
    commands: {
      'next-mention': {
        suggested_key: { default: 'Alt+Shift+Period' },
        description: 'Go to the next marked mention and show its card',
      },
      'previous-mention': {
        suggested_key: { default: 'Alt+Shift+Comma' },
        description: 'Go to the previous marked mention and show its card',
      },
      'open-panel': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: 'Open the Caucasus Lens side panel',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : { minimum_chrome_version: '120' }),
  }),
  vite: () => ({
    define: { __KB_HASH__: JSON.stringify(kb.hash) },
    // WXT's content script context tells the page we are here (lib/content/script-context.ts).
    resolve: {
      alias: {
        'wxt/utils/content-script-context': fileURLToPath(
          new URL('./lib/content/script-context.ts', import.meta.url),
        ),
      },
    },
  }),
  hooks: {
    'build:publicAssets': (_wxt, assets) => {
      // Not web-accessible: only the background fetches it, so pages cannot probe for it.
      const rows: KbRows = { hash: kb.hash, rows: kb.entities.map(toRow) };
      assets.push({ relativeDest: 'kb.json', contents: JSON.stringify(rows) });
      // The compiled recognizer the content scripts load; the CLI compiles the same kb/ the same way.
      const recognizer = compileRecognizer(kb.entities, { hash: kb.hash });
      assets.push({ relativeDest: 'recognizer.json', contents: JSON.stringify(recognizer) });
    },
  },
});
