ALTER TABLE "starters" ADD COLUMN "import_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "starters_event_import_idx" ON "starters" USING btree ("event_id","import_id") WHERE "starters"."import_id" is not null;
