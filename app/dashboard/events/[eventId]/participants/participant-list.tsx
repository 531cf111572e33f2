"use client";

import { useActionState, useState, type FormEvent } from "react";
import { sentence } from "@/lib/adapters/dashboard/form-state";
import {
  MAX_LIST_BYTES,
  NO_LIST_MESSAGE,
  type ParticipantListState,
} from "@/lib/adapters/dashboard/participant-list-state";
import { SubmitButton } from "../../../_ui/form";

const number = new Intl.NumberFormat("en-GB");
const FIELD_NAMES: Record<string, string> = {
  startNumber: "Start number",
  name: "Name",
  key: "Key",
  starterId: "starter_id",
  file: "File",
};
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
  try {
    const response = await fetch(`${uploadUrl}?${new URLSearchParams({ intent, fileName })}`, {
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

export function ParticipantList({ uploadUrl, keysHref }: { uploadUrl: string; keysHref: string }) {
  const [state, formAction] = useActionState(
    (_state: ParticipantListState, formData: FormData) => postList(uploadUrl, formData),
    { status: "idle" },
  );
  const [tooLarge, setTooLarge] = useState(false);
  const preview = state.status === "preview" ? state.preview : undefined;
  const ready = preview && preview.problems.length === 0 && preview.assignCount + preview.updateCount > 0;

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
          works). Columns can be in any order; Racekeys looks for the start number (bib), the name (or first and last
          name) and, when you re-upload a merged list, the key.
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
            {preview.delimiter === ";" ? "semicolon" : "comma"}-separated): {plural(preview.assignCount, "gets", "get")}{" "}
            a new key, {plural(preview.updateCount, "key is", "keys are")} updated. Nothing is saved until you confirm.
          </p>
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
            ready && <p className="notice success">No problems found.</p>
          )}

          {preview.assignments.length > 0 && (
            <div className="table-wrap mt-l">
              <table>
                <caption>
                  Planned keys
                  {preview.assignCount + preview.updateCount > preview.assignments.length
                    ? ` (the first ${number.format(preview.assignments.length)})`
                    : ""}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Line
                    </th>
                    <th scope="col">Name</th>
                    <th scope="col">Start no.</th>
                    <th scope="col">Key</th>
                    <th scope="col">What happens</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.assignments.map((a) => (
                    <tr key={a.line}>
                      <td className="num">{a.line}</td>
                      <td>{a.name}</td>
                      <td>{a.startNumber ?? <span className="muted">–</span>}</td>
                      <td className="key">{a.key}</td>
                      <td>
                        {a.action === "assign" ? (
                          <span className="badge new">New key</span>
                        ) : (
                          <span className="badge unused">Updated</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <form action={formAction} aria-label="Correct and save the list" className="mt-l">
            <input type="hidden" name="bom" value={String(state.list.bom)} />
            <input type="hidden" name="fileName" value={state.list.fileName} />
            <details className="field" open={preview.problems.length > 0}>
              <summary>Correct the list here</summary>
              <label htmlFor="list-text" className="label mt-s">
                The list as text
              </label>
              <span className="hint">Line 1 is the header. Change what the problems name, then check again.</span>
              <textarea
                id="list-text"
                name="text"
                defaultValue={state.list.text}
                rows={Math.min(16, state.list.text.split("\n").length + 1)}
                spellCheck={false}
              />
            </details>
            <div className="actions">
              <SubmitButton className="secondary" name="intent" value="check" pending="Checking…">
                Check again
              </SubmitButton>
              {ready && (
                <SubmitButton name="intent" value="save" pending="Saving…">
                  Save {plural(preview.assignCount + preview.updateCount, "participant", "participants")}
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
            {plural(state.saved.count, "participant", "participants")} saved. Every one of them now has a key.
          </p>
          <p>
            Download the merged list (name, start number, key, key link and QR image URL) and load it into your
            registration platform&apos;s email merge.
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
