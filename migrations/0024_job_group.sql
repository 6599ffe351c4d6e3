ALTER TABLE "job" ADD COLUMN "group_key" text;--> statement-breakpoint
CREATE INDEX "job_group_idx" ON "job" USING btree ("group_key") WHERE state = 'pending';--> statement-breakpoint
-- Reminders scheduled before this migration: their group from their key ("task:<id>:remind:…" → "task:<id>").
UPDATE "job" SET "group_key" = substring("dedupe_key" from '^(task:[^:]+):remind:') WHERE "state" = 'pending' AND "dedupe_key" LIKE 'task:%:remind:%';
