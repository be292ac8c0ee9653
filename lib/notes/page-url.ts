/**
 * The address a note is filed under: the page URL without its fragment and without the tracking
 * parameters that newsletters and social sites append, so the same article read from two links
 * finds the same notes.
 */
const TRACKING =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|ref_src|ref_url|cmpid|smid|at_medium|at_campaign|s_cid|oly_enc_id|oly_anon_id|vero_id|mkt_tok|spm)$/i;

export function canonicalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  // An emptied query leaves a bare "?" behind otherwise.
  if (![...url.searchParams.keys()].length) url.search = '';
  return url.href;
}
