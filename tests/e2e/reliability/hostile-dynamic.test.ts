/**
 * Hostile pages that keep changing: a mutation storm (1,000 mutations a second for 10 seconds) and a
 * page that removes or hides our card's host each time it appears. The marks follow the page exactly,
 * the card opens afterwards, and the page's own scripts run to their end.
 */
import { describe, expect, it } from 'vitest';
import { countReliability } from '../../reliability/counts.ts';
import { readMarks, waitForMarks } from '../harness/annotations.ts';
import { BROWSERS } from '../harness/browsers.ts';
import { useSession } from '../harness/session.ts';
import { messengerFor } from '../harness/tabs.ts';
import { closeCard, expectStillWorks, html, openByHover, openByKeyboard } from './hostile.ts';

const ARTICLE =
  '<article id="article"><p>Azerbaijan and Armenia initialled a peace agreement in Washington.</p>' +
  '<p>The Middle Corridor runs across the Caspian Sea to Baku.</p></article>';
const ARTICLE_MARKS = ['Armenia', 'Azerbaijan', 'Baku', 'Caspian Sea', 'Middle Corridor', 'Washington'];

/**
 * 10,000 mutations, 10 every 10 ms: list items rewritten (some naming a city), blocks appended and
 * removed. Started by the test once the page is marked.
 */
const STORM = `${ARTICLE}<ul id="ticker">${'<li>quiet</li>'.repeat(200)}</ul><div id="churn"></div>
<script>
window.storm = { done: 0, finished: false, articleBefore: document.getElementById('article').innerHTML };
window.startStorm = function () {
  var items = document.querySelectorAll('#ticker li');
  var churn = document.getElementById('churn');
  var words = ['Tbilisi rally', 'quiet', 'Yerevan talks', 'calm'];
  var timer = setInterval(function () {
    for (var i = 0; i < 10; i++) {
      var n = storm.done++;
      if (n % 2 === 0) items[(n * 7) % items.length].textContent = words[(n >> 1) % 4] + ' ' + n;
      else if (n % 4 === 1) {
        var d = document.createElement('div');
        d.textContent = 'Convoy ' + n + ' left Baku';
        churn.appendChild(d);
      } else if (churn.children.length > 20) churn.removeChild(churn.firstElementChild);
      else churn.appendChild(document.createTextNode(''));
    }
    if (storm.done >= 10000) { clearInterval(timer); storm.finished = true; }
  }, 10);
};
</script>`;

/** What the marks should be once the page is still: one per name in the DOM as it now is. */
const expectedMarks = () => {
  const out = ['Armenia', 'Azerbaijan', 'Baku', 'Caspian Sea', 'Middle Corridor', 'Washington'];
  for (const li of document.querySelectorAll('#ticker li')) {
    const city = li.textContent?.match(/^(Tbilisi|Yerevan)/)?.[1];
    if (city) out.push(city);
  }
  for (const div of document.querySelectorAll('#churn div'))
    if (div.textContent?.includes('Baku')) out.push('Baku');
  return out.sort();
};

/** The page hides our host the first six times it appears: removed, moved into a hidden box, in turn. */
const HOST_MOVER = `${ARTICLE}<div id="hideout" style="display:none"></div>
<script>
window.attacks = 0;
new MutationObserver(function () {
  var host = document.querySelector('caucasus-lens-card');
  if (!host || host.parentNode !== document.documentElement || attacks >= 6) return;
  attacks++;
  if (attacks % 2) host.remove();
  else document.getElementById('hideout').appendChild(host);
}).observe(document, { childList: true, subtree: true });
</script>`;

describe.each(BROWSERS)('hostile pages that keep changing in %s', (name) => {
  const session = useSession(name);

  it('a mutation storm: the article stays marked throughout, the marks match the page after', async () => {
    const page = await session.browser.newPage(session.server.page('/hostile/storm', STORM));
    await waitForMarks(page, ARTICLE_MARKS.length);
    await page.evaluate(() => (window as unknown as { startStorm: () => void }).startStorm());
    // Sampled while it rages: the article's marks never go away (no flicker, no lost pass).
    const articleMarks = () =>
      page.evaluate(() => {
        const article = document.getElementById('article') as HTMLElement;
        let n = 0;
        CSS.highlights.forEach((h, key) => {
          if (key === 'caucasus-lens-current') return;
          h.forEach((r) => {
            if (article.contains((r as Range).startContainer)) n++;
          });
        });
        return n;
      });
    const samples: number[] = [];
    const storming = () =>
      page.evaluate(() => !(window as unknown as { storm: { finished: boolean } }).storm.finished);
    while (await storming()) {
      samples.push(await articleMarks());
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(samples.length).toBeGreaterThan(10);
    expect(new Set(samples)).toEqual(new Set([ARTICLE_MARKS.length]));
    // The page's script ran to its end and its article is as it was.
    const storm = await page.evaluate(() => {
      const s = (window as unknown as { storm: { done: number; articleBefore: string } }).storm;
      return { done: s.done, same: s.articleBefore === document.getElementById('article')?.innerHTML };
    });
    expect(storm).toEqual({ done: 10_000, same: true });
    // Once still, the marks are exactly the names now in the page: none stale, none missing.
    await page.waitFor(
      (expected) => {
        const texts: string[] = [];
        CSS.highlights.forEach((h, key) => {
          if (key === 'caucasus-lens-current') return;
          h.forEach((r) => {
            texts.push((r as Range).toString());
          });
        });
        return JSON.stringify(texts.sort()) === JSON.stringify(expected);
      },
      await page.evaluate(expectedMarks),
      20_000,
    );
    expect((await readMarks(page)).length).toBeGreaterThan(ARTICLE_MARKS.length);
    await openByKeyboard(session.browser, page, 'azerbaijan');
    await closeCard(page);
    await openByHover(page, 'Middle Corridor');
    expect(page.errors).toEqual([]);
    expect(page.extensionErrors).toEqual([]);
    await page.close();
    countReliability('hostile-pages');
    // A bound, not a speed check: the page's 10 ms timers stretch when the machine is busy.
  }, 150_000);

  it('a page that removes or hides our host again and again: the card still opens afterwards', async () => {
    const page = await session.browser.newPage(session.server.page('/hostile/host-mover', html(HOST_MOVER)));
    await waitForMarks(page, ARTICLE_MARKS.length);
    const tab = await messengerFor(session.browser, page);
    for (let i = 1; i <= 6; i++) {
      await tab.send({ type: 'page:step', payload: { direction: 'next' } });
      await page.waitFor((n) => (window as unknown as { attacks: number }).attacks === n, i);
    }
    await tab.close();
    // The page gave up with our host in its hidden box: opening the card takes it back.
    expect(await page.evaluate(() => document.querySelector('caucasus-lens-card')?.parentElement?.id)).toBe(
      'hideout',
    );
    await expectStillWorks(session.browser, page, 'middle-corridor', 'Armenia');
  });
});
