"use client";

/**
 * Moves keyboard focus to the main content. Focus is moved by hand: a plain #content jump makes
 * the router treat the hash change as a navigation, re-render the page and drop the focus.
 */
export function SkipLink() {
  return (
    <a
      href="#content"
      className="skip-link"
      onClick={(event) => {
        const main = document.getElementById("content");
        if (!main) return;
        event.preventDefault();
        main.focus();
      }}
    >
      Skip to content
    </a>
  );
}
