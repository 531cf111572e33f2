/*
 * The product's icon (app/icon.svg, also the favicon) and logo (public/logo.svg) as plain images:
 * next/image writes a style attribute, which the dashboard's CSP refuses, and SVGs need no resizing.
 */
/* eslint-disable @next/next/no-img-element */

/** The icon beside the product's name, which the text around it says: decorative. */
export function ProductIcon({ className }: { className?: string }) {
  return <img src="/icon.svg" alt="" width={28} height={28} className={className} />;
}

/** The logo with the product's name in it. */
export function ProductLogo() {
  return <img src="/logo.svg" alt="Racekeys" width={150} height={32} />;
}
