CREATE TABLE "task_extension" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"requested_by_person_id" uuid NOT NULL,
	"requested_by_post_id" uuid,
	"on_behalf_of_person_id" uuid,
	"reason" text NOT NULL,
	"current_due_date" date NOT NULL,
	"proposed_date" date NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"approval_group_id" uuid NOT NULL,
	"decided_by_person_id" uuid,
	"decided_by_post_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_date" date,
	"decision_note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_progress" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"period_due_date" date,
	"text" text NOT NULL,
	"person_id" uuid NOT NULL,
	"post_id" uuid,
	"on_behalf_of_person_id" uuid,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "original_due_date" date;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "progress_due_date" date;--> statement-breakpoint
ALTER TABLE "task_extension" ADD CONSTRAINT "task_extension_task_id_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_extension" ADD CONSTRAINT "task_extension_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_progress" ADD CONSTRAINT "task_progress_task_id_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_progress" ADD CONSTRAINT "task_progress_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_extension_task_idx" ON "task_extension" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_extension_item_idx" ON "task_extension" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_extension_pending_idx" ON "task_extension" USING btree ("task_id") WHERE state = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "task_extension_group_idx" ON "task_extension" USING btree ("approval_group_id");--> statement-breakpoint
CREATE INDEX "task_extension_decided_idx" ON "task_extension" USING btree ("decided_at") WHERE state = 'approved';--> statement-breakpoint
CREATE INDEX "task_progress_task_idx" ON "task_progress" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "task_progress_item_idx" ON "task_progress" USING btree ("item_id");