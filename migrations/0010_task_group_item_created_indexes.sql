CREATE INDEX "item_created_idx" ON "item" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "task_group_idx" ON "task" USING btree ("group_id");