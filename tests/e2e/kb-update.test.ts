/**
 * An update that changes the knowledge base: the background reloads it, and a note attached to an
 * entity the update replaced follows it to its successor. Builds two versions of the extension into
 * a temporary folder, installs the first, writes a note, and installs the second over it. Firefox
 * only: see TestBrowser.update for why Chromium cannot update an unpacked build in place.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { launch, type TestBrowser } from './harness/browsers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'lens-kb-update-'));

function build(kbDir: string, outDir: string): string {
  // Firefox build: the browser whose temporary add-ons can be updated in place (see harness).
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], {
    cwd: ROOT,
    env: { ...process.env, LENS_KB_DIR: kbDir, LENS_OUT_DIR: outDir },
    stdio: 'pipe',
  });
  return join(outDir, 'firefox-mv3');
}

interface Ping {
  ok: boolean;
  value: { kbHash: string; entities: number };
}

describe('knowledge-base update in firefox', () => {
  let browser: TestBrowser | undefined;
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('a note on an entity survives an update that replaces the entity', async () => {
    // v1: the knowledge base as it is. v2: the Zangezur corridor entity merged into TRIPP.
    const kb1 = join(work, 'kb1');
    const kb2 = join(work, 'kb2');
    cpSync(join(ROOT, 'kb'), kb1, { recursive: true });
    cpSync(join(ROOT, 'kb'), kb2, { recursive: true });
    const merged = join(kb2, 'corridor', 'zangezur-corridor.json');
    writeFileSync(
      merged,
      JSON.stringify({ ...JSON.parse(readFileSync(merged, 'utf8')), replacedBy: 'tripp' }),
    );
    browser = await launch('firefox', { extensionDir: build(kb1, join(work, 'out1')) });
    const v1 = (await browser.sendFromExtension({ type: 'sys:ping', payload: {} })) as Ping;
    const added = (await browser.sendFromExtension({
      type: 'notes:add-entity',
      payload: { entityId: 'zangezur-corridor', body: 'Compare with the TRIPP framework of January 2026.' },
    })) as { ok: boolean; value: { note: { id: string } } };
    expect(added.ok).toBe(true);

    // The update: the second build installed over the first, as the browser would.
    await browser.update?.(build(kb2, join(work, 'out2')));
    let v2: Ping | undefined;
    for (let i = 0; i < 50 && !(v2?.ok && v2.value.kbHash !== v1.value.kbHash); i++) {
      await new Promise((r) => setTimeout(r, 200));
      v2 = (await browser.sendFromExtension({ type: 'sys:ping', payload: {} }).catch(() => undefined)) as
        | Ping
        | undefined;
    }
    expect(v2?.value.kbHash).toMatch(/^[0-9a-f]{16}$/);
    expect(v2?.value.kbHash).not.toBe(v1.value.kbHash);

    const onTripp = (await browser.sendFromExtension({
      type: 'notes:for-entity',
      payload: { entityId: 'tripp' },
    })) as {
      value: { notes: { id: string; body: string }[] };
    };
    const onOld = (await browser.sendFromExtension({
      type: 'notes:for-entity',
      payload: { entityId: 'zangezur-corridor' },
    })) as {
      value: { notes: { id: string }[] };
    };
    expect({
      onTripp: onTripp.value.notes.map((n) => n.id),
      onOld: onOld.value.notes.map((n) => n.id),
    }).toEqual({
      onTripp: [added.value.note.id],
      onOld: [],
    });
  }, 120_000);
});
