import { describe, expect, it } from 'vitest';
import { createNameMatcher } from '../../lib/content/name-matcher.ts';
import type { KbName } from '../../lib/protocol.ts';

const names: KbName[] = [
  { text: 'Baku', entityId: 'baku', type: 'place', caseSensitive: false },
  { text: 'Tbilisi', entityId: 'tbilisi', type: 'place', caseSensitive: false },
  { text: 'Baku–Tbilisi–Ceyhan', entityId: 'btc', type: 'corridor', caseSensitive: false },
  { text: 'EU', entityId: 'eu', type: 'organization', caseSensitive: true },
  { text: 'Ադրբեջան', entityId: 'azerbaijan', type: 'state', caseSensitive: false },
];

describe('foundation name matcher', () => {
  const match = createNameMatcher(names);

  it('prefers the longer name and never overlaps', () => {
    const found = match('Oil flows through the Baku–Tbilisi–Ceyhan pipeline from Baku.');
    expect(found.map((m) => m.entityId)).toEqual(['btc', 'baku']);
  });

  it('respects case-sensitive acronyms', () => {
    expect(match('The EU said').map((m) => m.entityId)).toEqual(['eu']);
    expect(match('the eu said')).toEqual([]);
  });

  it('uses Unicode word boundaries, not ASCII ones', () => {
    expect(match('Ադրբեջանը').length).toBe(0);
    expect(match('(Ադրբեջան)').map((m) => m.entityId)).toEqual(['azerbaijan']);
    expect(match('Bakuvian')).toEqual([]);
  });

  it('returns offsets into the original text', () => {
    const text = 'From Tbilisi.';
    const [m] = match(text);
    expect(m && text.slice(m.start, m.end)).toBe('Tbilisi');
  });
});
