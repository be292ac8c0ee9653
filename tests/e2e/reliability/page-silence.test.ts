/**
 * A page learns nothing of us from events: WXT's content script context announced every start with
 * a window.postMessage naming the extension's id (a page could tell who reads it with Caucasus Lens)
 * and stopped when the page sent that event back; ours is replaced (lib/content/script-context.ts).
 */
import { describe, expect, it } from 'vitest';
import { countReliability } from '../../reliability/counts.ts';
import { useSession } from '../harness/session.ts';

const LISTENING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Listening</title>
<script>
  window.heard = [];
  addEventListener('message', (e) => window.heard.push(JSON.stringify(e.data)), true);
</script></head>
<body><p>Officials in Baku and Yerevan met in Tbilisi to discuss the Middle Corridor.</p></body></html>`;

for (const name of ['chromium', 'firefox'] as const) {
  describe(`a page listening for messages in ${name}`, () => {
    const session = useSession(name);

    it('hears nothing from us while we mark it', async () => {
      const url = session.server.page('/listening.html', LISTENING_PAGE);
      const page = await session.browser.newPage(url);
      await page.waitFor(() => {
        let marks = 0;
        CSS.highlights.forEach((h, key) => {
          if (key.startsWith('caucasus-lens-')) marks += h.size;
        });
        return marks >= 4;
      });
      // Time for any late announcement to arrive.
      await new Promise((r) => setTimeout(r, 300));
      expect(await page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([]);
      await page.close();
      countReliability('hostile-pages');
    });
  });
}
