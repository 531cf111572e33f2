CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "activities_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" uuid NOT NULL,
	"starter_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"format" text NOT NULL,
	"original" "bytea" NOT NULL,
	"track" "bytea" NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"duration_seconds" integer NOT NULL,
	"moving_seconds" integer NOT NULL,
	"distance_meters" double precision NOT NULL,
	"points" integer NOT NULL,
	"dropped_points" integer NOT NULL,
	"inside_event_window" boolean NOT NULL,
	"outline" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_format_check" CHECK ("activities"."format" in ('fit', 'gpx', 'tcx'))
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_starter_id_starters_id_fk" FOREIGN KEY ("starter_id") REFERENCES "public"."starters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activities_starter_hash_idx" ON "activities" USING btree ("starter_id","content_hash");--> statement-breakpoint
CREATE INDEX "activities_event_seq_idx" ON "activities" USING btree ("event_id","seq");
