/**
 * C0 and C1 control characters and DEL. PostgreSQL text cannot hold NUL (a query with one fails),
 * and none of them belongs in a name, a start number, a search or a form field: every input that
 * people or clients type is refused with them, in the API and in the dashboard alike.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const hasControlCharacters = (text: string): boolean => CONTROL_CHARACTERS.test(text);

export const CONTROL_CHARACTERS_MESSAGE =
  "Remove the control characters (such as tabs or invisible characters) from this field.";

/** A zod check for form fields (`.refine(...withoutControlCharacters)`), with a message people can act on. */
export const withoutControlCharacters = [
  (value: string) => !hasControlCharacters(value),
  CONTROL_CHARACTERS_MESSAGE,
] as const;
