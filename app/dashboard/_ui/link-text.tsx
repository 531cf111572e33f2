import { Fragment } from "react";

/**
 * A key or passcode link as text that wraps inside its box: after a slash or before its query,
 * never inside the key it carries (`…/redeem_key` / `?key=6G615L`); CSS wraps anywhere what is
 * still longer than the line.
 */
export function LinkText({ href }: { href: string }) {
  const at = href.indexOf("?");
  const [base, query] = at < 0 ? [href, ""] : [href.slice(0, at), href.slice(at)];
  return (
    <code className="link-text">
      {base.split(/(?<=\w\/)/).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
      {query && (
        <>
          <wbr />
          <span className="nowrap">{query}</span>
        </>
      )}
    </code>
  );
}
