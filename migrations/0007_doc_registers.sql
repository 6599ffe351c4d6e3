CREATE TABLE "doc_number" (
	"id" uuid PRIMARY KEY NOT NULL,
	"register_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"doc_no" text NOT NULL,
	"state" text NOT NULL,
	"item_id" uuid,
	"note" text,
	"taken_by" uuid NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text
);
--> statement-breakpoint
CREATE TABLE "doc_register" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "doc_number" ADD CONSTRAINT "doc_number_register_id_doc_register_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."doc_register"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "doc_number_register_seq" ON "doc_number" USING btree ("register_id","year","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "doc_number_live_item" ON "doc_number" USING btree ("register_id","item_id") WHERE state <> 'cancelled' and item_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "doc_register_unit_code" ON "doc_register" USING btree ("unit_id","code");