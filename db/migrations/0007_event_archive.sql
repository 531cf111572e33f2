ALTER TABLE "events" ADD COLUMN "archived_at" timestamp with time zone;
