/**
 * What the side panel should show when it opens: the background writes it to storage.session (which
 * content scripts cannot read) and the panel follows it.
 */
export const PANEL_REQUEST_KEY = 'panel-request';

import type { PassageTarget } from './notes/anchor.ts';

export interface PanelRequestRecord {
  entityId?: string;
  compose?: boolean;
  /** A passage to write a note on, with the page it is on (as the browser reported the sender). */
  passage?: { target: PassageTarget; url: string; title?: string; canonical?: string };
  at: number;
}

interface PanelApis {
  sidePanel?: { open(options: { tabId?: number; windowId?: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
}

/**
 * Opens Chrome's side panel or Firefox's sidebar. Both need a user gesture, so call this first thing
 * in a click handler (popup) or a command/menu listener (background), before any await.
 */
export function openSidePanel(tabId: number | undefined, windowId?: number): Promise<void> {
  const apis = globalThis as unknown as { chrome?: PanelApis; browser?: PanelApis };
  try {
    const sidePanel = apis.chrome?.sidePanel;
    if (sidePanel) {
      if (tabId !== undefined) return sidePanel.open({ tabId });
      if (windowId !== undefined) return sidePanel.open({ windowId });
      return Promise.reject(new Error('no window to open the side panel in'));
    }
    const sidebar = apis.browser?.sidebarAction;
    return sidebar ? sidebar.open() : Promise.reject(new Error('no side panel here'));
  } catch (error) {
    return Promise.reject(error);
  }
}
