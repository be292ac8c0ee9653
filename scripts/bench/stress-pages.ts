/** Pages the bench generates: more text and more change than any real article. */

const NAMES = [
  'Baku',
  'Yerevan',
  'Tbilisi',
  'the Southern Gas Corridor',
  'the Middle Corridor',
  'Azerbaijan',
  'Armenia',
  'the Zangezur corridor',
  'Nikol Pashinyan',
  'Ilham Aliyev',
];
const WORDS =
  'the of and a to in is was for on that with as by at from it an be this which or are were has'.split(' ');
const FILLER = 'report market weather season council river market village harvest museum school bridge'.split(
  ' ',
);

/** Deterministic filler text of about `length` characters, no names in it. */
function filler(seed: number, length: number): string {
  const out: string[] = [];
  let n = 0;
  let x = seed;
  while (n < length) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const word = (x & 1 ? WORDS : FILLER)[x % (x & 1 ? WORDS.length : FILLER.length)] as string;
    out.push(word);
    n += word.length + 1;
  }
  return out.join(' ');
}

/**
 * `paragraphs` paragraphs of five text nodes each (plain, bold, plain, italic, plain), one name per
 * paragraph: 20,000 paragraphs make 100,000 text nodes, ~5 MB and 20,000 mentions.
 */
export function bigPage(paragraphs: number, nodeChars = 50): string {
  const parts: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const name = NAMES[p % NAMES.length] as string;
    parts.push(
      `<p>${filler(p * 5, nodeChars)} <b>${filler(p * 5 + 1, nodeChars - name.length - 1)} ${name}</b> ${filler(p * 5 + 2, nodeChars)} <i>${filler(p * 5 + 3, nodeChars)}</i> ${filler(p * 5 + 4, nodeChars)}</p>`,
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stress: big page</title></head><body><article>${parts.join('\n')}</article></body></html>`;
}

/**
 * A feed that appends `perSecond` paragraphs a second for `seconds`, each naming one entity, and
 * records when each paragraph appeared and when our highlight first covered it (polled every frame
 * from the page's own world: the highlight registry is the document's).
 */
export function appendingPage(perSecond: number, seconds: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stress: appending feed</title></head>
<body><main id="feed"><p>Live coverage from Baku.</p></main>
<script>
const names = ${JSON.stringify(NAMES)};
const feed = document.getElementById('feed');
const appended = [];
const marked = [];
window.benchStart = () => new Promise((resolve) => {
  let i = 0;
  const total = ${perSecond * seconds};
  const timer = setInterval(() => {
    const p = document.createElement('p');
    p.dataset.i = String(i);
    p.textContent = 'Update ' + i + ': officials in ' + names[i % names.length] + ' said little today.';
    feed.appendChild(p);
    appended[i] = performance.now();
    if (++i === total) clearInterval(timer);
  }, ${1000 / perSecond});
  const poll = () => {
    const now = performance.now();
    CSS.highlights.forEach((h, name) => {
      if (!name.startsWith('caucasus-lens-')) return;
      h.forEach((r) => {
        const p = r.startContainer.parentElement && r.startContainer.parentElement.closest('p[data-i]');
        if (p && marked[p.dataset.i] === undefined) marked[p.dataset.i] = now;
      });
    });
    if (i === total && marked.filter((x) => x !== undefined).length === total) resolve({ appended, marked });
    else if (i === total && now - appended[total - 1] > 5000) resolve({ appended, marked });
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
});
</script></body></html>`;
}
