CREATE TABLE "incoming_correction" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"no" integer NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text,
	"person_id" uuid NOT NULL,
	"person_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incoming_document" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incoming_document" ADD COLUMN "voided_by" uuid;--> statement-breakpoint
ALTER TABLE "incoming_document" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "incoming_correction" ADD CONSTRAINT "incoming_correction_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incoming_correction_item_no_idx" ON "incoming_correction" USING btree ("item_id","no");