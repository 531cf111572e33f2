/**
 * The product's icon, app/icon.svg (served by Next.js as /icon.svg; a test keeps the two the same),
 * as the landing page's favicon: inline, so the page stays one request. Only the characters a data
 * URL must not carry raw are encoded, and the attributes' quotes become single ones.
 */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b63ce"/><path fill="#fff" d="M7 7h7v7H7zm2 2v3h3V9zm9-2h7v7h-7zm2 2v3h3V9zM7 18h7v7H7zm2 2v3h3v-3zm9-2h3v3h-3zm4 0h3v3h-3zm-4 4h3v3h-3zm4 4h3v-4h-3z"/></svg>';

export const ICON_DATA_URL = `data:image/svg+xml,${ICON_SVG.replace(/"/g, "'").replace(/[<>#%]/g, encodeURIComponent)}`;
