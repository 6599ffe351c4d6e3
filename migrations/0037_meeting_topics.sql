CREATE TABLE "meeting_topic" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"office_unit_id" uuid NOT NULL,
	"year" integer,
	"seq" integer,
	"proposer_unit_id" uuid NOT NULL,
	"meeting_kind" text NOT NULL,
	"situation" text NOT NULL,
	"question" text NOT NULL,
	"suggested_sit_ins" text,
	"major_decision" boolean DEFAULT false NOT NULL,
	"appointments" boolean DEFAULT false NOT NULL,
	"legality_started_on" date,
	"refusal" text,
	"returned_reason" text,
	"withdrawn_reason" text,
	"created_by_person_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_topic" ADD CONSTRAINT "meeting_topic_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_topic_number_idx" ON "meeting_topic" USING btree ("office_unit_id","year","seq");--> statement-breakpoint
CREATE INDEX "meeting_topic_office_idx" ON "meeting_topic" USING btree ("office_unit_id","meeting_kind");