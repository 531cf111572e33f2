ALTER TABLE "events" ADD COLUMN "app" jsonb;
