-- UNLOGGED (edited in by hand; drizzle-kit has no option for it): recent failures are disposable.
CREATE UNLOGGED TABLE "lookup_failures" (
	"address" text NOT NULL,
	"typed" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "lookup_failures_address_idx" ON "lookup_failures" USING btree ("address","typed");--> statement-breakpoint
CREATE INDEX "lookup_failures_expires_idx" ON "lookup_failures" USING btree ("expires_at");
