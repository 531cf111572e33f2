ALTER TABLE "events" ADD COLUMN "passcode_slots" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "events" SET "passcode_slots" = (SELECT count(*) FROM "starters" WHERE "starters"."event_id" = "events"."id" AND "starters"."key" IS NULL);--> statement-breakpoint
CREATE TABLE "landing_visit_counts" (
	"event_id" uuid NOT NULL,
	"code" text,
	"platform" text NOT NULL,
	"in_app" boolean NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "landing_visit_counts" ADD CONSTRAINT "landing_visit_counts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "landing_visit_counts" ADD CONSTRAINT "landing_visit_counts_code_codes_code_fk" FOREIGN KEY ("code") REFERENCES "public"."codes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "landing_visit_counts_code_hour_idx" ON "landing_visit_counts" USING btree ("code","hour","platform","in_app");--> statement-breakpoint
CREATE INDEX "landing_visit_counts_event_idx" ON "landing_visit_counts" USING btree ("event_id","hour");--> statement-breakpoint
-- Visits recorded one row each before: the same counts per event, platform and UTC hour (without the code, which was not recorded).
INSERT INTO "landing_visit_counts" ("event_id", "code", "platform", "in_app", "hour", "count")
SELECT "event_id", NULL, "platform", "in_app", date_trunc('hour', "visited_at", 'UTC'), count(*)
FROM "landing_visits" GROUP BY "event_id", "platform", "in_app", date_trunc('hour', "visited_at", 'UTC');--> statement-breakpoint
DROP TABLE "landing_visits";
