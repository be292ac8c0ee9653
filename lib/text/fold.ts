/**
 * Folding for look-up and search: the recognizer's own folding (case, Turkish i-forms, diacritics,
 * Persian letter variants, Armenian եւ/և, apostrophes, dashes, spaces), so a name found on a page is
 * found by the same spelling in the side panel.
 */
export { foldString as fold } from '../recognizer/fold.ts';
