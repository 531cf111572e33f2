"use client";

/** The used/unused filter: applies as soon as it changes (the search button stays for typed text). */
export function StatusSelect({ id, defaultValue }: { id: string; defaultValue: string }) {
  return (
    <select
      id={id}
      name="status"
      defaultValue={defaultValue}
      onChange={(event) => event.currentTarget.form?.requestSubmit()}
    >
      <option value="all">All keys</option>
      <option value="unused">Unused keys</option>
      <option value="used">Used keys</option>
    </select>
  );
}
