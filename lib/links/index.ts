/** Optional participant data carried in key links. */
export interface Participant {
  startNumber?: string | null;
  name?: string | null;
}

/**
 * `path?key=..&startNumber=..&name=..` with every value percent-encoded by encodeURIComponent:
 * spaces become %20, not "+", which iOS's URLComponents would keep as a literal plus.
 */
function withQuery(origin: string, path: string, key: string, participant: Participant): string {
  let url = `${origin}${path}?key=${encodeURIComponent(key)}`;
  if (participant.startNumber) url += `&startNumber=${encodeURIComponent(participant.startNumber)}`;
  if (participant.name) url += `&name=${encodeURIComponent(participant.name)}`;
  return url;
}

/** The key link `${PUBLIC_URL}/redeem_key?key=KEY[&startNumber=..][&name=..]`. */
export const keyLink = (publicUrl: string, key: string, participant: Participant = {}): string =>
  withQuery(publicUrl, "/redeem_key", key, participant);

/** The public QR image URL of a key link. */
export const qrCodeUrl = (publicUrl: string, key: string, participant: Participant = {}): string =>
  withQuery(publicUrl, "/api/starters/actions/generate_key_qrcode", key, participant);
