ALTER TABLE "dispatch" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "dispatch" ADD COLUMN "flow_step" text;--> statement-breakpoint
ALTER TABLE "supervision_item" ADD COLUMN "original_due_date" date;--> statement-breakpoint
ALTER TABLE "supervision_item" ADD COLUMN "instructed_by_person_id" uuid;--> statement-breakpoint
ALTER TABLE "supervision_item" ADD COLUMN "redo_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_item" ADD COLUMN "withdrawn_reason" text;--> statement-breakpoint
CREATE INDEX "dispatch_group_idx" ON "dispatch" USING btree ("group_id");