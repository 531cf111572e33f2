/** Optional participant data carried in key links. */
export interface Participant {
  startNumber?: string | null;
  name?: string | null;
}

/** RFC 3986 strict: encodeURIComponent leaves ! ' ( ) * alone, and ' can end an HTML attribute. */
export const encodeComponent = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `key=..&startNumber=..&name=..` with every value percent-encoded:
 * spaces become %20, not "+", which iOS's URLComponents would keep as a literal plus.
 */
export function keyQuery(key: string, participant: Participant = {}): string {
  let query = `key=${encodeComponent(key)}`;
  if (participant.startNumber) query += `&startNumber=${encodeComponent(participant.startNumber)}`;
  if (participant.name) query += `&name=${encodeComponent(participant.name)}`;
  return query;
}

const withQuery = (origin: string, path: string, key: string, participant: Participant): string =>
  `${origin}${path}?${keyQuery(key, participant)}`;

/** The key link `${PUBLIC_URL}/redeem_key?key=KEY[&startNumber=..][&name=..]`. */
export const keyLink = (publicUrl: string, key: string, participant: Participant = {}): string =>
  withQuery(publicUrl, "/redeem_key", key, participant);

/** The public QR image URL of a key link. */
export const qrCodeUrl = (publicUrl: string, key: string, participant: Participant = {}): string =>
  withQuery(publicUrl, "/api/starters/actions/generate_key_qrcode", key, participant);
