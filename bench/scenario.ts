import type postgres from "postgres";
import type { BenchServer, Row } from "./harness";

export interface BenchContext {
  server: BenchServer;
  /** An organiser token on the bench database. */
  token: string;
  /** postgres.js client on the bench database, for floors and fixtures. */
  sql: postgres.Sql;
  /** The trivial-route baseline, measured once per run. */
  baseline(): Promise<Row>;
  newEvent(name: string): Promise<string>;
  /** Mints `count` unused keys in a new event through the API and returns them. */
  freshKeys(count: number): Promise<string[]>;
  /** Set by the mint scenario so export can reuse its 100,000 keys. */
  mintedEventId?: string;
}

/** One benchmark scenario; scenarios from other capabilities plug in through bench/run.ts. */
export interface Scenario {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Row[]>;
}
