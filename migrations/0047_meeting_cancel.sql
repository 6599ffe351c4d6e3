DROP INDEX "meeting_agenda_topic_idx";--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "cancelled_by_person_id" uuid;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_agenda_topic_idx" ON "meeting_agenda_item" USING btree ("topic_item_id") WHERE "meeting_agenda_item"."state" in ('planned', 'pending');