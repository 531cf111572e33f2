/**
 * A key or passcode link as text that wraps inside its box: before its query, never inside the
 * key it carries (`…/redeem_key` / `?key=6G615L`); a base longer than the line wraps anywhere.
 */
export function LinkText({ href }: { href: string }) {
  const query = href.indexOf("?");
  if (query < 0) return <code className="link-text">{href}</code>;
  return (
    <code className="link-text">
      {href.slice(0, query)}
      <wbr />
      <span className="nowrap">{href.slice(query)}</span>
    </code>
  );
}
