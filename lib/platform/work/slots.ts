/**
 * A bounded number of costly jobs at once in this process (password hashes, activity parsing),
 * with a few waiting; past them a job is refused at once (`busy()`), rather than queued without end
 * or run alongside the others until memory runs out.
 */
export interface WorkSlots {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** How many jobs run and wait now. */
  state(): { running: number; waiting: number };
}

export function createWorkSlots(options: { atOnce: number; waiting: number; busy: () => Error }): WorkSlots {
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(work) {
      if (running >= options.atOnce) {
        if (waiting.length >= options.waiting) throw options.busy();
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await work();
      } finally {
        // The slot passes straight to the next waiting job, so `running` never drops below the demand.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    state: () => ({ running, waiting: waiting.length }),
  };
}
