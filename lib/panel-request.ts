/**
 * What the side panel should show when it opens: the background writes it to storage.session (which
 * content scripts cannot read) and the panel follows it.
 */
export const PANEL_REQUEST_KEY = 'panel-request';

import type { PassageTarget } from './db/database.ts';

export interface PanelRequestRecord {
  entityId?: string;
  compose?: boolean;
  /** A passage to write a note on, with the page it is on (as the browser reported the sender). */
  passage?: { target: PassageTarget; url: string; title?: string; canonical?: string };
  at: number;
}
