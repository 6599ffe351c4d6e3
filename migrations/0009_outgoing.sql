CREATE TABLE "outgoing_delivery" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by_person_id" uuid,
	"incoming_item_id" uuid,
	"returned_at" timestamp with time zone,
	"returned_by_person_id" uuid,
	"return_reason" text
);
--> statement-breakpoint
CREATE TABLE "outgoing_document" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"draft" jsonb NOT NULL,
	"version" integer NOT NULL,
	"signed_version" integer,
	"register_id" uuid,
	"doc_number_id" uuid,
	"doc_no" text,
	"genre" text NOT NULL,
	"copies" integer DEFAULT 1 NOT NULL,
	"written_date" text,
	"overrides" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_version" (
	"item_id" uuid NOT NULL,
	"no" integer NOT NULL,
	"kind" text NOT NULL,
	"draft" jsonb NOT NULL,
	"step_key" text,
	"step_name" text NOT NULL,
	"person_id" uuid NOT NULL,
	"person_name" text NOT NULL,
	"post_title" text,
	"note" text,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outgoing_version_item_id_no_pk" PRIMARY KEY("item_id","no")
);
--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD CONSTRAINT "outgoing_delivery_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_document" ADD CONSTRAINT "outgoing_document_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_version" ADD CONSTRAINT "outgoing_version_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_delivery_item_unit_idx" ON "outgoing_delivery" USING btree ("item_id","unit_id");--> statement-breakpoint
CREATE INDEX "outgoing_delivery_unit_idx" ON "outgoing_delivery" USING btree ("unit_id","status","delivered_at");