/**
 * The recognizer's quality targets on the labelled development set (precision >= 0.97 and recall
 * >= 0.93 overall, no language below 0.90 on either), so a change that makes it worse fails.
 * `npm run eval:recognizer -- --errors` shows the table and every miss.
 */
import { describe, expect, it } from 'vitest';
import { compileFromDisk } from '../../lib/recognizer/from-kb.ts';
import { loadRecognizer } from '../../lib/recognizer/index.ts';
import { evaluate, precision, recall } from '../recognizer/evaluate.ts';

describe('recognizer quality on the development set', () => {
  const result = evaluate(loadRecognizer(compileFromDisk()));

  it('covers at least 60 passages and 1,000 labelled mentions in nine languages', () => {
    expect(result.passages).toBeGreaterThanOrEqual(60);
    expect(result.overall.tp + result.overall.fn).toBeGreaterThanOrEqual(1000);
    expect(Object.keys(result.byLang).sort()).toEqual(['az', 'de', 'en', 'fa', 'fr', 'hy', 'ka', 'ru', 'tr']);
  });

  it('overall precision >= 0.97 and recall >= 0.93', () => {
    expect(precision(result.overall)).toBeGreaterThanOrEqual(0.97);
    expect(recall(result.overall)).toBeGreaterThanOrEqual(0.93);
  });

  it.each(['az', 'de', 'en', 'fa', 'fr', 'hy', 'ka', 'ru', 'tr'])(
    '%s: precision and recall at or above 0.90',
    (lang) => {
      const s = result.byLang[lang];
      expect(s).toBeDefined();
      if (!s) return;
      expect(precision(s)).toBeGreaterThanOrEqual(0.9);
      expect(recall(s)).toBeGreaterThanOrEqual(0.9);
    },
  );
});
