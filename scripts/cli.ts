/**
 * Operator commands. Each opens the database of DATABASE_URL (or the embedded one, which must not
 * be open in a running server at the same time) and applies pending migrations first.
 *
 *   migrate
 *   create-organiser --email <email> [--password <pw>]   (prints a new API token as the last line)
 *   create-token --email <email>                          (prints another token as the last line)
 *   purge                                                 (the retention purge the server runs on a schedule)
 *   backup --out <file>     restore --in <file>          (db/backup.ts; neither migrates, restore wants an empty database)
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { backup, restore, type BackupTarget } from "@/db/backup";
import { openConfiguredDatabase } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { createOrganiser, findOrganiserByEmail, OrganiserExistsError } from "@/lib/domain/auth/organisers";
import { createApiToken } from "@/lib/domain/auth/tokens";
import { purgeExpired } from "@/lib/domain/retention/purge";
import { retentionSettings } from "@/lib/domain/retention/schedule";
import { z } from "zod";

const USAGE = `usage:
  npm run --silent cli -- migrate
  npm run --silent cli -- create-organiser --email <email> [--password <pw>]
  npm run --silent cli -- create-token --email <email>
  npm run --silent cli -- purge
  npm run --silent cli -- backup --out <file>
  npm run --silent cli -- restore --in <file>`;

const COMMANDS = ["migrate", "create-organiser", "create-token", "purge", "backup", "restore"];

/** The configured database as a backup source or target; DATABASE_DIRECT_URL past PgBouncer. */
function backupTarget(): BackupTarget {
  const config = getConfig();
  const url = config.DATABASE_DIRECT_URL ?? config.DATABASE_URL;
  return url ? { kind: "postgres", url } : { kind: "pglite", dir: path.resolve(config.PGLITE_DIR) };
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      out: { type: "string" },
      in: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0];
  if (values.help || !command || !COMMANDS.includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (command === "backup" || command === "restore") {
    const file = command === "backup" ? values.out : values.in;
    if (!file) {
      process.stderr.write(`${command === "backup" ? "--out" : "--in"} is required\n${USAGE}\n`);
      return 2;
    }
    await (command === "backup" ? backup : restore)(backupTarget(), path.resolve(file));
    process.stdout.write(`${command === "backup" ? "backed up to" : "restored from"} ${file}\n`);
    return 0;
  }
  if (!["migrate", "purge"].includes(command) && !values.email) {
    process.stderr.write(`--email is required\n${USAGE}\n`);
    return 2;
  }
  const database = await openConfiguredDatabase();
  try {
    if (command === "migrate") {
      process.stdout.write("migrations applied\n");
      return 0;
    }
    if (command === "purge") {
      const purged = await purgeExpired(database.db, retentionSettings());
      process.stdout.write(
        purged
          ? `removed ${purged.visitCounts} visit counts, ${purged.sessions} sessions, ${purged.knownBrowsers} known browsers; cleared ${purged.idempotencyKeys} idempotency keys\n`
          : "another instance is purging right now; nothing done\n",
      );
      return 0;
    }
    if (command === "create-organiser") {
      const organiser = await createOrganiser(database.db, { email: values.email!, password: values.password });
      const { token } = await createApiToken(database.db, organiser.id, "Created by CLI");
      process.stdout.write(`created organiser ${organiser.email} (${organiser.id})\n${token}\n`);
      return 0;
    }
    const organiser = await findOrganiserByEmail(database.db, values.email!);
    if (!organiser) {
      process.stderr.write(`no organiser with email ${values.email}\n`);
      return 1;
    }
    const { token } = await createApiToken(database.db, organiser.id, "Created by CLI");
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof OrganiserExistsError
        ? error.message
        : error instanceof z.ZodError
          ? error.issues.map((i) => i.message).join("; ")
          : error instanceof Error
            ? error.message
            : String(error);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  },
);
