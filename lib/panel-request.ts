/**
 * What the side panel should show when it opens: the background writes it to storage.session (which
 * content scripts cannot read) and the panel follows it.
 */
export const PANEL_REQUEST_KEY = 'panel-request';

export interface PanelRequestRecord {
  entityId?: string;
  compose?: boolean;
  at: number;
}
