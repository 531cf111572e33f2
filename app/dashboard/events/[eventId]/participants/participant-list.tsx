"use client";

import { useActionState, useRef, useState, type FormEvent } from "react";
import { sentence } from "@/lib/adapters/dashboard/form-state";
import {
  MAX_LIST_BYTES,
  NO_LIST_MESSAGE,
  type ParticipantListState,
} from "@/lib/adapters/dashboard/participant-list-state";
import { SubmitButton } from "../../../_ui/form";

const number = new Intl.NumberFormat("en-GB");
/** " (the first 200 of 1,234)" when the preview shows only part of a list. */
const firstOf = (shown: number, total: number) =>
  total > shown ? ` (the first ${number.format(shown)} of ${number.format(total)})` : "";
const FIELD_NAMES: Record<string, string> = {
  startNumber: "Start number",
  name: "Name",
  key: "Key",
  starterId: "starter_id",
  importId: "ID",
  file: "File",
};
const FIELD_LABELS = { name: "Name", startNumber: "Start no.", importId: "ID" } as const;
const plural = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;

/**
 * Posts the list to the upload route: the chosen file as it is, or the corrected text (with the
 * file's byte order mark again, so the merged CSV keeps it). The route's answer is the next state.
 */
async function postList(uploadUrl: string, formData: FormData): Promise<ParticipantListState> {
  const chosen = formData.get("file");
  const file = chosen instanceof File && chosen.size > 0 ? chosen : undefined;
  const text = formData.get("text");
  const corrected =
    typeof text === "string" && text.trim()
      ? new Blob([formData.get("bom") === "true" ? "\uFEFF" : "", text])
      : undefined;
  const body = file ?? corrected;
  if (!body) return { status: "error", message: NO_LIST_MESSAGE };
  const fileName = file?.name ?? String(formData.get("fileName") ?? "");
  const intent = formData.get("intent") === "save" ? "save" : "check";
  const idColumn = String(formData.get("idColumn") ?? "auto");
  try {
    const response = await fetch(`${uploadUrl}?${new URLSearchParams({ intent, fileName, idColumn })}`, {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body,
    });
    const answer = (await response.json()) as ParticipantListState | { error: { message: string } };
    if ("error" in answer) return { status: "error", message: sentence(answer.error.message) };
    return answer;
  } catch {
    return { status: "error", message: "The list could not be sent. Check your connection and try again." };
  }
}

/** Saves the merged CSV the server sent with the answer (no second request, nothing stored). */
function downloadCsv(csv: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The list as text with its line numbers beside it, the numbers the problem list names. Lines do
 * not wrap, so each number stays beside its line; the numbers scroll with the text.
 */
function NumberedText({ text }: { text: string }) {
  const [lines, setLines] = useState(text.split("\n").length);
  const numbers = useRef<HTMLPreElement>(null);
  return (
    <div className="numbered-text">
      <pre ref={numbers} aria-hidden="true" className="line-numbers">
        {Array.from({ length: lines }, (_, i) => i + 1).join("\n")}
      </pre>
      <textarea
        id="list-text"
        name="text"
        defaultValue={text}
        rows={Math.min(16, lines + 1)}
        wrap="off"
        spellCheck={false}
        aria-describedby="list-text-hint"
        onChange={(event) => setLines(event.currentTarget.value.split("\n").length)}
        onScroll={(event) => {
          if (numbers.current) numbers.current.scrollTop = event.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}

export function ParticipantList({ uploadUrl, keysHref }: { uploadUrl: string; keysHref: string }) {
  const [state, formAction] = useActionState(
    (_state: ParticipantListState, formData: FormData) => postList(uploadUrl, formData),
    { status: "idle" },
  );
  const [tooLarge, setTooLarge] = useState(false);
  const preview = state.status === "preview" ? state.preview : undefined;
  const changes = preview ? preview.createdCount + preview.updatedCount : 0;
  const ready = preview && preview.problems.length === 0 && preview.rows > 0;

  function checkSize(event: FormEvent<HTMLFormElement>) {
    const file = new FormData(event.currentTarget).get("file");
    const large = file instanceof File && file.size > MAX_LIST_BYTES;
    setTooLarge(large);
    if (large) event.preventDefault();
  }

  return (
    <div className="stack">
      <section className="card" aria-labelledby="upload-heading">
        <h2 id="upload-heading">1. Upload the participant list</h2>
        <p className="muted">
          Export the participants from your registration platform as CSV (comma or semicolon, Excel&apos;s “CSV UTF-8”
          works). Columns can be in any order; Racekeys looks for the registration&apos;s ID, the start number (bib),
          the name (or first and last name) and, when you re-upload a merged list, the key. Other columns (e-mail, club,
          …) are kept for the merged list.
        </p>
        <form action={formAction} onSubmit={checkSize} className="inline-form" aria-label="Upload participant list">
          <div className="field">
            <label htmlFor="participant-file">CSV file</label>
            <input
              id="participant-file"
              name="file"
              type="file"
              accept=".csv,.txt,text/csv"
              required
              aria-describedby={tooLarge ? "file-error" : undefined}
            />
            {tooLarge && (
              <p className="field-error" id="file-error" role="alert">
                This file is larger than 16 MB. Remove columns you do not need (e.g. addresses) and try again.
              </p>
            )}
          </div>
          <input type="hidden" name="intent" value="check" />
          <SubmitButton pending="Checking…">Check the list</SubmitButton>
        </form>
      </section>

      <div role="status" aria-live="polite">
        {state.message && <p className={`notice ${state.status === "error" ? "error" : "warning"}`}>{state.message}</p>}
      </div>

      {preview && state.list && (
        <section className="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">2. Check what will happen</h2>
          <p>
            {plural(preview.rows, "participant", "participants")} read from <strong>{state.list.fileName}</strong> (
            {preview.delimiter === ";" ? "semicolon" : "comma"}-separated):{" "}
            <strong>{plural(preview.createdCount, "new participant gets", "new participants get")} a key</strong>,{" "}
            <strong>{plural(preview.updatedCount, "is", "are")} updated</strong>,{" "}
            {plural(preview.unchangedCount, "is", "are")} unchanged. Nothing is saved until you confirm.
          </p>
          {ready && changes === 0 && (
            <p className="notice success">No change: every participant of this list is saved as it is.</p>
          )}
          {preview.missingCount > 0 && (
            <p className="notice warning">
              {plural(preview.missingCount, "participant saved before is", "participants saved before are")} not in this
              list. They keep their keys and data; nothing is deleted.
            </p>
          )}
          {preview.problems.length > 0 ? (
            <>
              <p className="notice error">
                {plural(preview.problems.length, "problem", "problems")} to fix before anything can be saved. Correct
                the list below (or in your spreadsheet, then upload it again).
              </p>
              <div className="table-wrap">
                <table>
                  <caption>{plural(preview.problems.length, "problem", "problems")} in the list</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        Line
                      </th>
                      <th scope="col">Column</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.problems.map((problem, i) => (
                      <tr key={`${problem.line}-${problem.field}-${i}`}>
                        <td className="num">{problem.line}</td>
                        <td>{FIELD_NAMES[problem.field] ?? problem.field}</td>
                        <td>
                          <span className="badge problem">Problem</span>{" "}
                          {problem.message[0]!.toUpperCase() + problem.message.slice(1)}.
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            ready && changes > 0 && <p className="notice success">No problems found.</p>
          )}

          {preview.created.length > 0 && (
            <div className="table-wrap mt-l">
              <table>
                <caption>
                  New keys
                  {firstOf(preview.created.length, preview.createdCount)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Line
                    </th>
                    <th scope="col">Name</th>
                    <th scope="col">Start no.</th>
                    <th scope="col">Key</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.created.map((a) => (
                    <tr key={a.line}>
                      <td className="num">{a.line}</td>
                      <td>{a.name}</td>
                      <td>{a.startNumber ?? <span className="muted">–</span>}</td>
                      <td className="key">{a.key}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {preview.updated.length > 0 && (
            <div className="table-wrap mt-l">
              <table>
                <caption>
                  Updates
                  {firstOf(preview.updated.length, preview.updatedCount)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Line
                    </th>
                    <th scope="col">Key</th>
                    <th scope="col">What changes</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.updated.map((u) => (
                    <tr key={u.line}>
                      <td className="num">{u.line}</td>
                      <td className="key">{u.key}</td>
                      <td>
                        {u.changes.map((c) => (
                          <span key={c.field} className="change">
                            {FIELD_LABELS[c.field]}: {c.from ?? "–"} → {c.to ?? "–"}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {preview.missing.length > 0 && (
            <details className="mt-l">
              <summary>Not in this list ({number.format(preview.missingCount)})</summary>
              <div className="table-wrap">
                <table>
                  <caption>Saved before, not in this list (kept)</caption>
                  <thead>
                    <tr>
                      <th scope="col">Key</th>
                      <th scope="col">Name</th>
                      <th scope="col">Start no.</th>
                      <th scope="col">ID</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.missing.map((m) => (
                      <tr key={m.key}>
                        <td className="key">{m.key}</td>
                        <td>{m.name ?? <span className="muted">–</span>}</td>
                        <td>{m.startNumber ?? <span className="muted">–</span>}</td>
                        <td>{m.importId ?? <span className="muted">–</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}

          <form action={formAction} aria-label="Correct and save the list" className="mt-l">
            <input type="hidden" name="bom" value={String(state.list.bom)} />
            <input type="hidden" name="fileName" value={state.list.fileName} />
            <div className="field">
              <label htmlFor="id-column">The registration&apos;s own ID column</label>
              <select id="id-column" name="idColumn" defaultValue={String(preview.idColumn ?? "none")}>
                <option value="none">None: match by start number, then key</option>
                {preview.header.map((column, i) => (
                  <option key={i} value={String(i)}>
                    {column || `Column ${i + 1}`}
                  </option>
                ))}
              </select>
              <span className="hint">
                Rows are matched to the participants saved before by this column, so a fresh export from your
                registration platform updates them instead of giving them new keys. Check again after changing it.
              </span>
            </div>
            <details className="field" open={preview.problems.length > 0}>
              <summary>Correct the list here</summary>
              <label htmlFor="list-text" className="label mt-s">
                The list as text
              </label>
              <span className="hint" id="list-text-hint">
                The numbers on the left are the line numbers of the problem list; line 1 is the header. Fix those lines,
                then check again.
              </span>
              <NumberedText key={state.list.text} text={state.list.text} />
            </details>
            <div className="actions">
              <SubmitButton className="secondary" name="intent" value="check" pending="Checking…">
                Check again
              </SubmitButton>
              {ready && (
                <SubmitButton name="intent" value="save" pending="Saving…">
                  {changes > 0 ? `Save ${plural(changes, "change", "changes")}` : "Get the merged list"}
                </SubmitButton>
              )}
            </div>
          </form>
        </section>
      )}

      {state.status === "saved" && state.saved && (
        <section className="card" aria-labelledby="saved-heading">
          <h2 id="saved-heading">3. Send the keys</h2>
          <p className="notice success">
            Saved: {plural(state.saved.created, "new participant", "new participants")} with a key,{" "}
            {plural(state.saved.updated, "update", "updates")}, {number.format(state.saved.unchanged)} unchanged. Every
            participant of the list now has a key.
          </p>
          <p>
            Download the merged list (every column of your upload, then key, key link and QR image URL) and load it into
            your registration platform&apos;s email merge.
          </p>
          <div className="actions">
            <button type="button" onClick={() => downloadCsv(state.saved!.csv, state.saved!.fileName)}>
              Download merged CSV
            </button>
            <a href={keysHref} className="button secondary">
              See the keys
            </a>
          </div>
        </section>
      )}
    </div>
  );
}
