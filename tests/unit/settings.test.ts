import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  isSiteEnabled,
  marksOn,
  readSettings,
  SETTINGS_KEY,
  setMuted,
  setNotHere,
  setSiteEnabled,
  suppressedOn,
  updateSettings,
} from '../../lib/settings.ts';

describe('site settings in storage.sync', () => {
  beforeEach(() => fakeBrowser.reset());

  it('every site is on until the reader turns it off', async () => {
    const settings = await readSettings(browser.storage.sync);
    expect(isSiteEnabled(settings, 'news.example')).toBe(true);
  });

  it('turns a site off and on, ignoring www. and case', async () => {
    await setSiteEnabled(browser.storage.sync, 'www.News.example', false);
    expect(isSiteEnabled(await readSettings(browser.storage.sync), 'news.example')).toBe(false);
    expect(isSiteEnabled(await readSettings(browser.storage.sync), 'other.example')).toBe(true);
    await setSiteEnabled(browser.storage.sync, 'news.example', true);
    expect(isSiteEnabled(await readSettings(browser.storage.sync), 'www.news.example')).toBe(true);
  });

  it('does not list a site twice', async () => {
    await setSiteEnabled(browser.storage.sync, 'a.example', false);
    await setSiteEnabled(browser.storage.sync, 'a.example', false);
    const stored = (await browser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY] as {
      disabledSites: string[];
    };
    expect(stored.disabledSites).toEqual(['a.example']);
  });

  it('reads damaged settings as defaults', async () => {
    await browser.storage.sync.set({ [SETTINGS_KEY]: { disabledSites: 'not-a-list' } });
    expect(await readSettings(browser.storage.sync)).toEqual({
      disabledSites: [],
      paused: false,
      hiddenTypes: [],
      firstMentionOnly: false,
      mutedEntities: [],
      notHere: [],
    });
  });

  it('mutes an entity everywhere and dismisses a false mark on one site only', async () => {
    const area = browser.storage.sync;
    await setMuted(area, 'bp', true);
    await setNotHere(area, 'www.Atlanta-News.example', 'georgia', true);
    let settings = await readSettings(area);
    expect(suppressedOn(settings, 'atlanta-news.example').sort()).toEqual(['bp', 'georgia']);
    expect(suppressedOn(settings, 'tbilisi.example')).toEqual(['bp']);
    await setMuted(area, 'bp', false);
    await setNotHere(area, 'atlanta-news.example', 'georgia', false);
    settings = await readSettings(area);
    expect(suppressedOn(settings, 'atlanta-news.example')).toEqual([]);
    expect(settings.notHere).toEqual([]);
  });

  it('pausing turns every site off without forgetting which sites were off', async () => {
    await setSiteEnabled(browser.storage.sync, 'a.example', false);
    await updateSettings(browser.storage.sync, { paused: true });
    const paused = await readSettings(browser.storage.sync);
    expect(marksOn(paused, 'b.example')).toBe(false);
    await updateSettings(browser.storage.sync, { paused: false });
    const resumed = await readSettings(browser.storage.sync);
    expect(marksOn(resumed, 'b.example')).toBe(true);
    expect(marksOn(resumed, 'a.example')).toBe(false);
  });

  it('keeps the other settings when one changes', async () => {
    await updateSettings(browser.storage.sync, { hiddenTypes: ['person'] });
    await updateSettings(browser.storage.sync, { firstMentionOnly: true });
    expect(await readSettings(browser.storage.sync)).toMatchObject({
      hiddenTypes: ['person'],
      firstMentionOnly: true,
    });
  });
});
