/**
 * Wakes this process's delivery worker, if it runs, after a change that may have written messages
 * has committed: they go out at once instead of at the next poll. Cheap when nothing is due (one
 * indexed query); calls while a poll runs fold into one more poll.
 */
const globalStore = globalThis as typeof globalThis & { __racekeysWebhookWake?: () => void };

export function wakeWebhookWorker(): void {
  globalStore.__racekeysWebhookWake?.();
}

export function setWebhookWake(wake: (() => void) | undefined): void {
  globalStore.__racekeysWebhookWake = wake;
}
