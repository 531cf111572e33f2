"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";

/** The fields that choose which keys are printed: the page counts their labels and sheets. */
const CHOOSING_KEYS = ["used", "from", "to"];
/** Typing "120" asks once, not three times. */
const RECOUNT_DELAY_MS = 300;

/** "0.3 MB", or "42 KB" below a tenth of a megabyte, where "0.0 MB" would say nothing. */
const megabytes = (bytes: number) =>
  bytes < 1e5 ? `${Math.max(1, Math.round(bytes / 1e3))} KB` : `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The label PDF form: fetches the PDF itself instead of navigating, so a large one shows that it is
 * being made and how much has arrived, and a second click (a double click) sends no second request.
 * Empty fields are left out, as the export route expects.
 */
export function LabelsDownloadForm({
  action,
  page,
  children,
}: {
  action: string;
  /** This page's path: the keys chosen go into its query, and it renders their label and sheet counts. */
  page: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const busy = useRef(false);
  const recount = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(recount.current), []);
  const [state, setState] = useState<{ busy: boolean; message: string }>({ busy: false, message: "" });

  function keysChosen(event: FormEvent<HTMLFormElement>) {
    if (!CHOOSING_KEYS.includes((event.target as HTMLInputElement).name)) return;
    const form = event.currentTarget;
    clearTimeout(recount.current);
    recount.current = setTimeout(() => {
      const query = new URLSearchParams();
      for (const name of CHOOSING_KEYS) {
        const value = new FormData(form).get(name);
        if (typeof value === "string" && value !== "") query.set(name, value);
      }
      router.replace(query.size ? `${page}?${query}` : page, { scroll: false });
    }, RECOUNT_DELAY_MS);
  }

  async function download(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy.current) return;
    busy.current = true;
    setState({ busy: true, message: "Preparing the PDF…" });
    try {
      const query = new URLSearchParams();
      for (const [name, value] of new FormData(event.currentTarget)) {
        if (typeof value === "string" && value !== "") query.append(name, value);
      }
      const response = await fetch(`${action}?${query}`);
      if (!response.ok || !response.body) {
        setState({ busy: false, message: (await response.text()) || `The download failed (${response.status}).` });
        return;
      }
      const chunks: Uint8Array[] = [];
      let received = 0;
      const reader = response.body.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        chunks.push(next.value);
        received += next.value.byteLength;
        setState({ busy: true, message: `Preparing the PDF… ${megabytes(received)} so far` });
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "labels.pdf";
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "application/pdf" }));
      const link = Object.assign(document.createElement("a"), { href: url, download: name });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ busy: false, message: `Downloaded ${name} (${megabytes(received)}).` });
    } catch {
      setState({ busy: false, message: "The download failed: check the connection and try again." });
    } finally {
      busy.current = false;
    }
  }

  return (
    <form
      method="get"
      action={action}
      onSubmit={download}
      onChange={keysChosen}
      aria-label="Label PDF"
      aria-busy={state.busy}
    >
      {children}
      <button type="submit" disabled={state.busy}>
        {state.busy ? "Preparing PDF…" : "Download PDF"}
      </button>
      <p role="status" className="small muted mt-s">
        {state.message || "Thousands of labels take a few seconds before the download starts."}
      </p>
    </form>
  );
}
