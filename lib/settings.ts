/**
 * Reader settings, kept in storage.sync so they follow the reader between browsers (they are small).
 * Sites are compared by host name without a leading "www.".
 */
import * as v from 'valibot';
import { ENTITY_TYPES } from './kb/schema.ts';

export const SETTINGS_KEY = 'settings';

export const SettingsSchema = v.object({
  disabledSites: v.optional(v.array(v.string()), []),
  /** Marking paused on every site. */
  paused: v.optional(v.boolean(), false),
  /** Entity types not marked (all are marked by default). */
  hiddenTypes: v.optional(v.array(v.picklist(ENTITY_TYPES)), []),
  /** Mark only the first mention of each entity on a page (the rest are still counted). */
  firstMentionOnly: v.optional(v.boolean(), false),
  /** Entities the reader muted: never marked anywhere. */
  mutedEntities: v.optional(v.array(v.string()), []),
  /** False marks the reader dismissed, as "site entityId": that entity is not marked on that site. */
  notHere: v.optional(v.array(v.string()), []),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export interface SyncArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export function siteKey(host: string): string {
  return host.toLowerCase().replace(/^www\./, '');
}

/** A damaged or foreign value reads as defaults rather than breaking every page. */
export async function readSettings(area: SyncArea): Promise<Settings> {
  const stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  const parsed = v.safeParse(SettingsSchema, stored ?? {});
  return parsed.success ? parsed.output : v.parse(SettingsSchema, {});
}

/** Whether this site is on for the reader (the pause switch is separate: see marksOn). */
export function isSiteEnabled(settings: Settings, host: string): boolean {
  return !settings.disabledSites.includes(siteKey(host));
}

/** Whether pages on this host get marks at all. */
export function marksOn(settings: Settings, host: string): boolean {
  return !settings.paused && isSiteEnabled(settings, host);
}

export type SettingsPatch = Partial<
  Pick<Settings, 'paused' | 'hiddenTypes' | 'firstMentionOnly' | 'notHere'>
>;

export async function updateSettings(area: SyncArea, patch: SettingsPatch): Promise<Settings> {
  const next = { ...(await readSettings(area)), ...patch };
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

export async function setSiteEnabled(area: SyncArea, host: string, enabled: boolean): Promise<Settings> {
  const settings = await readSettings(area);
  const key = siteKey(host);
  const others = settings.disabledSites.filter((site) => site !== key);
  const next = { ...settings, disabledSites: enabled ? others : [...others, key].sort() };
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Entities not to mark on this host: muted everywhere, or dismissed as false marks on this site. */
export function suppressedOn(settings: Settings, host: string): string[] {
  const prefix = `${siteKey(host)} `;
  const here = settings.notHere
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
  return [...new Set([...settings.mutedEntities, ...here])];
}

export async function setMuted(area: SyncArea, entityId: string, muted: boolean): Promise<Settings> {
  const settings = await readSettings(area);
  const others = settings.mutedEntities.filter((id) => id !== entityId);
  const next = { ...settings, mutedEntities: muted ? [...others, entityId].sort() : others };
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

export async function setNotHere(
  area: SyncArea,
  host: string,
  entityId: string,
  dismissed: boolean,
): Promise<Settings> {
  const settings = await readSettings(area);
  const key = `${siteKey(host)} ${entityId}`;
  const others = settings.notHere.filter((k) => k !== key);
  const next = { ...settings, notHere: dismissed ? [...others, key].sort() : others };
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}
