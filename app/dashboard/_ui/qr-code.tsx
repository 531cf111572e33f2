import { qrMatrix, renderSvg } from "@/lib/domain/qr/render";

/**
 * A link's QR code drawn inline as one named image: the wrapper carries the role and the name, the
 * drawing inside (renderSvg marks it role="img" for when it stands alone as a file) is hidden, so
 * assistive technology meets one image, not an unnamed one inside a named one.
 */
export function QrCode({
  link,
  pixels,
  label,
  className,
}: {
  link: string;
  pixels: number;
  label: string;
  className: string;
}) {
  const drawing = renderSvg(qrMatrix(link), pixels).replace('role="img"', 'aria-hidden="true"');
  return <div className={className} role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: drawing }} />;
}
