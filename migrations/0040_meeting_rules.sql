DROP INDEX "meeting_agenda_topic_idx";--> statement-breakpoint
ALTER TABLE "meeting_topic" ADD COLUMN "legality_passed_on" date;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_agenda_topic_idx" ON "meeting_agenda_item" USING btree ("topic_item_id") WHERE "meeting_agenda_item"."state" <> 'refused';