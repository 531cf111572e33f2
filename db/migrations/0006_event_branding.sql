ALTER TABLE "events" ADD COLUMN "accent_color" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "logo_hash" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "logo_width" integer;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "logo_height" integer;--> statement-breakpoint
CREATE TABLE "event_logos" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"image" bytea NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_logos" ADD CONSTRAINT "event_logos_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;
