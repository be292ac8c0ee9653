/**
 * Hostile pages by size: 200,000 text nodes, one 5 MB text node, a DOM 5,000 levels deep, 10,000
 * mentions. Each is generated here, not committed. On each the extension marks exactly what the page
 * names, the card opens by keyboard and by pointer, and the page stays as it built itself.
 */
import { describe, expect, it } from 'vitest';
import { countReliability } from '../../reliability/counts.ts';
import { readMarks, waitForMarkCount } from '../harness/annotations.ts';
import { BROWSERS } from '../harness/browsers.ts';
import { useSession } from '../harness/session.ts';
import { closeCard, expectIntact, expectStillWorks, html, openByHover, openByKeyboard } from './hostile.ts';

/** Filler without any name the recognizer knows. */
const FILLER = 'lorem ipsum dolor sit amet consectetur ';

/** 10,000 paragraphs of 20 text nodes; every 100th names Azerbaijan; the last splits a corridor name. */
function manyTextNodes(): string {
  const parts: string[] = [];
  for (let p = 0; p < 10_000; p++) {
    let inner = '';
    for (let i = 0; i < 10; i++)
      inner += `${i === 0 && p % 100 === 0 ? 'Azerbaijan ' : 'lorem '}<b>ipsum</b>`;
    parts.push(`<p>${inner}</p>`);
  }
  parts.push('<p>The Southern <b>Gas</b> Corridor</p>');
  return html(parts.join(''));
}

/** One text node of 5 MB, made by script (parsers split long text), names at its start, middle, end. */
function hugeTextNode(): string {
  const script = `<p id="huge"></p><script>
    var chunk = ${JSON.stringify(FILLER)}.repeat(1000);
    var half = chunk.repeat(Math.ceil(2500000 / chunk.length));
    document.getElementById('huge').appendChild(
      document.createTextNode('Baku ' + half + ' Yerevan ' + half + ' Tbilisi'));
  </script>`;
  return html(script);
}

/**
 * 5,000 nested elements built by script (the HTML parser caps nesting), an article at the bottom.
 * display: contents keeps the layout flat: laid out that deep, Chromium's renderer crashes on its own
 * (past ~3,000 levels, extension or not) and Firefox stops laying out, so nothing could be pointed at.
 */
function deepDom(): string {
  const script = `<style>#top, #top div, #top section { display: contents }</style><div id="top"></div><script>
    var at = document.getElementById('top');
    for (var i = 0; i < 5000; i++) {
      var next = document.createElement(i % 2 ? 'div' : 'section');
      at.appendChild(next);
      at = next;
    }
    var p = document.createElement('p');
    p.textContent = 'Azerbaijan and Armenia met in Washington; the Middle Corridor was on the table.';
    at.appendChild(p);
  </script>`;
  return html(script);
}

/** Generous bounds, not speed checks: a shared 2-core machine under load is slow with 5 MB. */
const WAIT_MS = 100_000;
const TEST_MS = 180_000;

const NAMES = ['Baku', 'Yerevan', 'Tbilisi', 'Azerbaijan', 'Middle Corridor'];

/** 2,000 paragraphs naming five entities each: 10,000 mentions. */
function tenThousandMentions(): string {
  const p = `<p>${NAMES.slice(0, 4).join(', ')} and the ${NAMES[4]}.</p>`;
  return html(p.repeat(2000));
}

describe.each(BROWSERS)('hostile pages by size in %s', (name) => {
  const session = useSession(name);

  it(
    '200,000 text nodes: every name marked, the card opens, the page untouched',
    async () => {
      const url = session.server.page('/hostile/text-nodes', manyTextNodes());
      const page = await session.browser.newPage(url);
      expect(
        await page.evaluate(() => document.evaluate('count(//body//text())', document).numberValue),
      ).toBe(
        200_004, // the 200,000, the corridor paragraph's 3, the guard script's
      );
      await waitForMarkCount(page, 'eq', 101, undefined, WAIT_MS);
      const texts = (await readMarks(page)).map((m) => m.text);
      expect(texts.filter((t) => t === 'Azerbaijan')).toHaveLength(100);
      expect(texts).toContain('Southern Gas Corridor');
      await expectStillWorks(session.browser, page, 'southern-gas-corridor', 'Azerbaijan');
    },
    TEST_MS,
  );

  it(
    'one 5 MB text node: names at its start, middle and end marked; the card opens',
    async () => {
      const page = await session.browser.newPage(session.server.page('/hostile/huge-node', hugeTextNode()));
      const node = await page.evaluate(() => {
        const p = document.getElementById('huge') as HTMLElement;
        return { nodes: p.childNodes.length, length: (p.firstChild as Text).length };
      });
      expect(node.nodes).toBe(1);
      expect(node.length).toBeGreaterThan(5_000_000);
      await waitForMarkCount(page, 'eq', 3, undefined, WAIT_MS);
      expect((await readMarks(page)).map((m) => m.text).sort()).toEqual(['Baku', 'Tbilisi', 'Yerevan']);
      await expectStillWorks(session.browser, page, 'tbilisi', 'Baku');
    },
    TEST_MS,
  );

  it(
    'a DOM 5,000 levels deep: the article at the bottom is marked and its card opens',
    async () => {
      const page = await session.browser.newPage(session.server.page('/hostile/deep', deepDom()));
      expect(
        await page.evaluate(() => {
          let depth = 0;
          for (let e: Element | null = document.querySelector('p'); e; e = e.parentElement) depth++;
          return depth;
        }),
      ).toBe(5004); // p, 5,000 levels, div#top, body, html
      await waitForMarkCount(page, 'eq', 4, undefined, WAIT_MS);
      expect((await readMarks(page)).map((m) => m.text).sort()).toEqual([
        'Armenia',
        'Azerbaijan',
        'Middle Corridor',
        'Washington',
      ]);
      await expectStillWorks(session.browser, page, 'middle-corridor', 'Armenia');
    },
    TEST_MS,
  );

  it(
    '10,000 mentions on one page: all marked, stepping counts them all, the card opens',
    async () => {
      const page = await session.browser.newPage(
        session.server.page('/hostile/mentions', tenThousandMentions()),
      );
      await waitForMarkCount(page, 'eq', 10_000, undefined, WAIT_MS);
      const texts = (await readMarks(page)).map((m) => m.text);
      for (const n of NAMES) expect(texts.filter((t) => t === n)).toHaveLength(2000);
      const step = await openByKeyboard(session.browser, page);
      expect(step.value).toMatchObject({ position: 1, total: 10_000 });
      await closeCard(page);
      await openByHover(page, 'Middle Corridor');
      await expectIntact(page);
      await page.close();
      countReliability('hostile-pages');
    },
    TEST_MS,
  );
});
