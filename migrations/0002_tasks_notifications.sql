CREATE TABLE "task" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"step" text NOT NULL,
	"assignee_person_id" uuid NOT NULL,
	"assignee_post_id" uuid,
	"state" text DEFAULT 'open' NOT NULL,
	"due_date" date,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"completed_by_person_id" uuid,
	"completed_by_post_id" uuid,
	"remind_count" integer DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"item_id" uuid,
	"task_id" uuid,
	"message" text NOT NULL,
	"from_person_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_open_assignee_idx" ON "task" USING btree ("assignee_person_id","kind","due_date") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "task_done_by_idx" ON "task" USING btree ("completed_by_person_id","completed_at");--> statement-breakpoint
CREATE INDEX "task_item_idx" ON "task" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "notification_person_idx" ON "notification" USING btree ("person_id","created_at");