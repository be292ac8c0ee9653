/** The build-time checks fail with a message that names the file and the field. */
import { describe, expect, it } from 'vitest';
import { validateKb } from '../../lib/kb/validate.ts';
import { testEntity } from './test-entity.ts';

const entity = testEntity;
const file = (data: ReturnType<typeof entity>) => ({ path: `kb/${data.type}/${data.id}.json`, data });

describe('knowledge-base validation', () => {
  it('accepts a well-formed set', () => {
    const { entities, errors } = validateKb([file(entity('armenia')), file(entity('azerbaijan'))]);
    expect(errors).toEqual([]);
    expect(entities).toHaveLength(2);
  });

  it('names the file and field of a schema error', () => {
    const bad = entity('armenia', { asOf: '2026-13-01' });
    expect(validateKb([file(bad)]).errors).toEqual([
      expect.stringMatching(/^kb\/state\/armenia\.json: asOf: must be YYYY-MM-DD/),
    ]);
  });

  it('rejects a missing source', () => {
    const bad = entity('armenia', { facts: [{ label: 'Capital', value: 'Yerevan', asOf: '2026-01-01' }] });
    expect(validateKb([file(bad)]).errors[0]).toMatch(/kb\/state\/armenia\.json: facts\.0\.source/);
  });

  it('rejects a source that is not an https URL', () => {
    const bad = entity('armenia', { sources: ['javascript:alert(1)'] });
    expect(validateKb([file(bad)]).errors.join('\n')).toMatch(/armenia\.json: sources\.0/);
  });

  it('rejects a missing language', () => {
    const bad = entity('armenia');
    bad.names = { ...bad.names, hy: [] };
    expect(validateKb([file(bad)]).errors[0]).toMatch(/armenia\.json: names\.hy/);
  });

  it('rejects duplicate ids', () => {
    const errors = validateKb([
      file(entity('armenia')),
      { path: 'kb/state/armenia-copy.json', data: entity('armenia') },
    ]).errors;
    expect(errors.join('\n')).toMatch(/duplicate id "armenia"/);
  });

  it('rejects a file whose path does not match its id and type', () => {
    const errors = validateKb([{ path: 'kb/place/armenia.json', data: entity('armenia') }]).errors;
    expect(errors[0]).toMatch(/kb\/place\/armenia\.json: id: file must be at kb\/state\/armenia\.json/);
  });

  it('rejects unknown relation targets', () => {
    const bad = entity('armenia', {
      relations: [
        { type: 'member_of', target: 'nowhere', source: 'https://example.org/', asOf: '2026-01-01' },
      ],
    });
    expect(validateKb([file(bad)]).errors).toEqual([
      'kb/state/armenia.json: relations.0.target: unknown entity "nowhere"',
    ]);
  });

  it('rejects an alias shared by two entities without a rule, accepts it with one', () => {
    const georgia = entity('georgia', { aliases: [{ text: 'Georgia' }] });
    const usState = entity('georgia-us-state', { names: { ...entity('x').names, en: ['Georgia'] } });
    expect(validateKb([file(georgia), file(usState)]).errors.join('\n')).toMatch(/"georgia" is shared by/);
    const ruled = {
      ...usState,
      ambiguity: [{ text: 'Georgia', requires: 'region', otherSense: 'the country' }],
    };
    expect(validateKb([file(georgia), file(ruled as typeof usState)]).errors).toEqual([]);
  });

  it('rejects an ambiguity rule for a name the entity does not have', () => {
    const bad = entity('armenia', { ambiguity: [{ text: 'Jordan', requires: 'region', otherSense: 'x' }] });
    expect(validateKb([file(bad)]).errors[0]).toMatch(/ambiguity\.0\.text: "Jordan" is not a name/);
  });

  it('rejects a malformed partial date in a relation', () => {
    const bad = entity('armenia', {
      relations: [
        {
          type: 'member_of',
          target: 'armenia',
          from: '1991-9',
          source: 'https://example.org/',
          asOf: '2026-01-01',
        },
      ],
    });
    expect(validateKb([file(bad)]).errors[0]).toMatch(
      /relations\.0\.from: must be YYYY, YYYY-MM or YYYY-MM-DD/,
    );
  });
});
