import type { EntityType } from '../lib/kb/schema.ts';

/** Entity types as the popup and the side panel list them. */
export const TYPE_PLURALS: Record<EntityType, string> = {
  state: 'States',
  organization: 'Organizations',
  person: 'People',
  place: 'Places',
  corridor: 'Corridors',
  company: 'Companies',
  event: 'Events',
};
