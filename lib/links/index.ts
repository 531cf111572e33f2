/** Optional participant data carried in key links. */
export interface Participant {
  startNumber?: string | null;
  name?: string | null;
}

/** RFC 3986 strict: encodeURIComponent leaves ! ' ( ) * alone, and ' can end an HTML attribute. */
export const encodeComponent = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `path?key=..&startNumber=..&name=..` with every value percent-encoded:
 * spaces become %20, not "+", which iOS's URLComponents would keep as a literal plus.
 */
function withQuery(origin: string, path: string, key: string, participant: Participant): string {
  let url = `${origin}${path}?key=${encodeComponent(key)}`;
  if (participant.startNumber) url += `&startNumber=${encodeComponent(participant.startNumber)}`;
  if (participant.name) url += `&name=${encodeComponent(participant.name)}`;
  return url;
}

/** The key link `${PUBLIC_URL}/redeem_key?key=KEY[&startNumber=..][&name=..]`. */
export const keyLink = (publicUrl: string, key: string, participant: Participant = {}): string =>
  withQuery(publicUrl, "/redeem_key", key, participant);

/** The public QR image URL of a key link. */
export const qrCodeUrl = (publicUrl: string, key: string, participant: Participant = {}): string =>
  withQuery(publicUrl, "/api/starters/actions/generate_key_qrcode", key, participant);
