CREATE TABLE "file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sm3" text NOT NULL,
	"size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"name" text NOT NULL,
	"classification" text DEFAULT '公开' NOT NULL,
	"owning_unit_id" uuid NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_by_post_id" uuid,
	"uploaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "file_sm3_hex" CHECK ("file"."sm3" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "file_size_positive" CHECK ("file"."size" > 0)
);
--> statement-breakpoint
CREATE TABLE "item_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"role" text NOT NULL,
	"ordinal" integer NOT NULL,
	"added_by" uuid NOT NULL,
	"added_by_post_id" uuid,
	"added_at" timestamp with time zone NOT NULL,
	"removed_by" uuid,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "item_file" ADD CONSTRAINT "item_file_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_file" ADD CONSTRAINT "item_file_file_id_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_sm3_idx" ON "file" USING btree ("sm3");--> statement-breakpoint
CREATE INDEX "file_uploader_idx" ON "file" USING btree ("uploaded_by","uploaded_at");--> statement-breakpoint
CREATE INDEX "item_file_item_idx" ON "item_file" USING btree ("item_id","role","ordinal");--> statement-breakpoint
CREATE INDEX "item_file_file_idx" ON "item_file" USING btree ("file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "item_file_active_idx" ON "item_file" USING btree ("item_id","file_id") WHERE removed_at is null;