/** A note row as the database holds it (its folded search text included), with `extra` fields over it. */
import type { NoteRow } from '../../lib/db/database.ts';
import { searchText } from '../../lib/notes/search.ts';

export function testNote(
  id: string,
  body: string,
  extra: Partial<NoteRow> = {},
): NoteRow & { search: string } {
  const row: NoteRow = {
    id,
    kind: 'entity',
    entityIds: [],
    body,
    tags: [],
    createdAt: 0,
    updatedAt: Number(id),
    device: 'd',
    hlc: '',
    vv: {},
    ...extra,
  };
  return { ...row, search: searchText(row) };
}
