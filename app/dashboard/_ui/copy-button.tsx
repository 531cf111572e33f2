"use client";

import { useState } from "react";

/** Copies text to the clipboard and says so in a live region. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <>
      <button type="button" className="secondary small" onClick={copy}>
        {label}
      </button>
      <span role="status" className="small muted">
        {copied === "copied" ? "Copied." : copied === "failed" ? "Copying failed: select the text and copy it." : ""}
      </span>
    </>
  );
}
