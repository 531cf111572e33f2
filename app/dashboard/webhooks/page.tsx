import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { principalOf } from "@/lib/adapters/dashboard/access";
import { formatDateTime } from "@/lib/adapters/dashboard/time";
import { EVENT_TYPE_LABELS } from "@/lib/adapters/dashboard/webhooks";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { authorizeOrganisation } from "@/lib/domain/access";
import { listWebhooks, recentDeliveries } from "@/lib/domain/webhooks/endpoints";
import { messageId } from "@/lib/domain/webhooks/schemas";
import {
  createWebhookAction,
  deleteWebhookAction,
  redeliverWebhookAction,
  rotateWebhookAction,
  sendTestWebhookAction,
} from "./actions";
import { CreateWebhookForm, DeleteWebhookForm, WebhookButton } from "./webhook-forms";

export const metadata: Metadata = { title: "Webhooks" };

/** Deliveries shown per endpoint; the API lists up to 100. */
const SHOWN = 10;

export default async function WebhooksPage() {
  const session = await requireSession("/dashboard/webhooks");
  const db = await getDb();
  const owner = authorizeOrganisation(principalOf(session), "webhooks:read");
  const endpoints = await listWebhooks(db, owner);
  const deliveries = await Promise.all(endpoints.map((endpoint) => recentDeliveries(db, endpoint.id, SHOWN)));
  const when = (date: Date | null) => (date ? formatDateTime(date, session.timeZone) : "");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Webhooks</h1>
          <p>
            Your registration platform hears at once when a participant connects, a key is released, participant data or
            keys change. Every message is signed to the{" "}
            <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> specification.
          </p>
        </div>
      </div>
      <section className="card" aria-labelledby="new-webhook-heading">
        <h2 id="new-webhook-heading">New webhook</h2>
        <CreateWebhookForm action={createWebhookAction} eventTypes={Object.entries(EVENT_TYPE_LABELS)} />
      </section>
      {endpoints.length === 0 ? (
        <p className="empty">No webhooks yet.</p>
      ) : (
        endpoints.map((endpoint, index) => (
          <section key={endpoint.id} className="card webhook" aria-label={`Webhook ${endpoint.url}`}>
            <h2>
              <code>{endpoint.url}</code>
            </h2>
            <p>
              {endpoint.disabledAt ? (
                <span className="badge unused">Disabled {when(endpoint.disabledAt)}</span>
              ) : (
                <span className="badge used">Active</span>
              )}{" "}
              {endpoint.eventTypes.join(", ")}
              {endpoint.eventIds ? ` · ${endpoint.eventIds.length} events only` : " · all events"}
            </p>
            {endpoint.disabledReason && (
              <p className="notice error" data-testid="disabled-reason">
                Disabled because {endpoint.disabledReason}. Sending a test or redelivering enables it again.
              </p>
            )}
            {endpoint.failingSince && !endpoint.disabledAt && (
              <p className="notice warning">
                Failing since {when(endpoint.failingSince)}: it is disabled after three days of failures.
              </p>
            )}
            <div className="actions">
              <WebhookButton
                action={sendTestWebhookAction}
                webhookId={endpoint.id}
                label="Send test event"
                pendingLabel="Queuing…"
                name={endpoint.url}
              />
              <WebhookButton
                action={rotateWebhookAction}
                webhookId={endpoint.id}
                label="Rotate secret"
                pendingLabel="Rotating…"
                name={endpoint.url}
              />
              <DeleteWebhookForm action={deleteWebhookAction} webhookId={endpoint.id} url={endpoint.url} />
            </div>
            {deliveries[index]!.length === 0 ? (
              <p className="empty">No deliveries yet.</p>
            ) : (
              <div className="table-wrap mt-l">
                <table>
                  <caption>Recent deliveries</caption>
                  <thead>
                    <tr>
                      <th scope="col">Message</th>
                      <th scope="col">Status</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">Response</th>
                      <th scope="col">Next retry</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {deliveries[index]!.map((delivery) => (
                      <tr key={delivery.id}>
                        <th scope="row">
                          <code>{delivery.eventType}</code>
                          <br />
                          <span className="muted">{when(delivery.createdAt)}</span>
                        </th>
                        <td>{delivery.status}</td>
                        <td>{delivery.attempts}</td>
                        <td>{delivery.lastStatusCode ?? delivery.lastError ?? ""}</td>
                        <td className="nowrap">{delivery.status === "pending" ? when(delivery.nextAttemptAt) : ""}</td>
                        <td>
                          <WebhookButton
                            action={redeliverWebhookAction}
                            webhookId={endpoint.id}
                            deliveryId={messageId(delivery.id)}
                            label="Redeliver"
                            pendingLabel="Queuing…"
                            name={`${delivery.eventType} of ${when(delivery.createdAt)}`}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ))
      )}
    </>
  );
}
