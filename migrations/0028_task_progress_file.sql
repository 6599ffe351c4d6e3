CREATE TABLE "task_progress_file" (
	"progress_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	CONSTRAINT "task_progress_file_progress_id_file_id_pk" PRIMARY KEY("progress_id","file_id")
);
--> statement-breakpoint
ALTER TABLE "task_progress_file" ADD CONSTRAINT "task_progress_file_progress_id_task_progress_id_fk" FOREIGN KEY ("progress_id") REFERENCES "public"."task_progress"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_progress_file" ADD CONSTRAINT "task_progress_file_file_id_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_progress_file" ADD CONSTRAINT "task_progress_file_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_progress_file_file_idx" ON "task_progress_file" USING btree ("file_id");