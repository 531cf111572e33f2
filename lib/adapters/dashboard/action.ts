import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Event } from "@/db/schema";
import {
  authorizeEvent,
  STARTER_ACTIONS,
  type EventAction,
  type Principal,
  type StarterAction,
} from "@/lib/domain/access";
import { isNotFound } from "@/lib/domain/errors";
import { requireSession, type DashboardSession } from "@/lib/adapters/sessions/guard";
import { authorizeKey, principalOf, type KeyStarter } from "./access";
import { invalidForm, parseForm, refusedForm, type FormSchema, type FormSpec } from "./forms";
import type { FormState } from "./form-state";

/**
 * The one pipeline of the dashboard's server actions, in the spirit of saas-starter's
 * `validatedActionWithUser`: session (else to the sign-in page and back to `page`), access through
 * the one policy (lib/domain/access) with the action's name, the form parsed with its zod schema,
 * domain refusals as form state, and the pages' data revalidated once the handler has answered.
 *
 * An action of an event is bound to its id (`action.bind(null, eventId)`), one of a key to the
 * event's and the starter's: bound values come from the browser, so they are checked here, each time.
 */

interface AccountContext<T> {
  db: Db;
  session: DashboardSession;
  principal: Principal;
  input: T;
  /** The submitted values the form shows again (its `keep`). */
  values?: Record<string, string>;
  /** The whole submission, for files: the schema checks text fields only. */
  formData: FormData;
}
interface EventContext<T> extends AccountContext<T> {
  event: Event;
}
interface KeyContext<T> extends AccountContext<T> {
  /** A key of the event (`authorizeKey`): phones that joined with the passcode have no page. */
  starter: KeyStarter;
}

/** The form of an action that is only buttons. */
const NO_FIELDS = z.object({});
type Options<S extends FormSchema> = Partial<FormSpec<S>> & {
  /** The page the form is on, with `{eventId}` and `{starterId}` for the bound ids: where sign-in leads back. */
  page: string;
};
type Handler<C> = (ctx: C) => Promise<FormState>;
type Resource = { event?: Event; starter?: KeyStarter };
type Answer = Promise<FormState>;

/** What the form says when the bound event or key is not the organiser's (or does not exist). */
const MISSING = {
  event: "This event does not exist or is not yours.",
  key: "Key not found.",
};

export function action<S extends FormSchema = typeof NO_FIELDS>(
  options: Options<S> & { access?: undefined },
  handler: Handler<AccountContext<z.output<S>>>,
): (state: FormState, formData: FormData) => Answer;
export function action<S extends FormSchema = typeof NO_FIELDS>(
  options: Options<S> & { access: EventAction },
  handler: Handler<EventContext<z.output<S>>>,
): (eventId: string, state: FormState, formData: FormData) => Answer;
export function action<S extends FormSchema = typeof NO_FIELDS>(
  options: Options<S> & { access: StarterAction },
  handler: Handler<KeyContext<z.output<S>>>,
): (eventId: string, starterId: string, state: FormState, formData: FormData) => Answer;
export function action(
  options: Options<FormSchema> & { access?: EventAction | StarterAction },
  handler: Handler<never>,
) {
  const run = handler as Handler<AccountContext<unknown> & Resource>;
  const { access, page, ...form } = options;
  const onKey = (STARTER_ACTIONS as readonly string[]).includes(access ?? "");
  return async (...args: unknown[]): Answer => {
    const formData = args.at(-1) as FormData;
    const [eventId = "", starterId = ""] = args.slice(0, -2) as string[];
    const session = await requireSession(page.replace("{eventId}", eventId).replace("{starterId}", starterId));
    const db = await getDb();
    const principal = principalOf(session);

    let resource: Resource = {};
    try {
      if (access && onKey) {
        resource = { starter: await authorizeKey(db, principal, access as StarterAction, eventId, starterId) };
      } else if (access) {
        resource = { event: await authorizeEvent(db, principal, access as EventAction, eventId) };
      }
    } catch (error) {
      if (isNotFound(error)) return { status: "error", message: onKey ? MISSING.key : MISSING.event };
      return refusedForm(error);
    }

    const { parsed, kept } = parseForm({ schema: NO_FIELDS, ...form }, formData, session);
    if (!parsed.success) return invalidForm(parsed.error, kept);
    let state: FormState;
    try {
      state = await run({ db, session, principal, input: parsed.data, values: kept, formData, ...resource });
    } catch (error) {
      return refusedForm(error, kept, form.conflictField);
    }
    // Whatever the handler answered (a refused revoke too): the page shows the current state.
    const eventOf = resource.event?.id ?? resource.starter?.eventId;
    if (eventOf) revalidatePath(`/dashboard/events/${eventOf}`, "layout");
    else revalidatePath(page);
    return state;
  };
}
