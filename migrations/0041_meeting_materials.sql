CREATE TABLE "meeting_handout" (
	"id" uuid PRIMARY KEY NOT NULL,
	"material_id" uuid NOT NULL,
	"copy_no" integer NOT NULL,
	"holder_person_id" uuid NOT NULL,
	"handed_at" timestamp with time zone NOT NULL,
	"handed_by_person_id" uuid NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by_person_id" uuid,
	"returned_at" timestamp with time zone,
	"received_by_person_id" uuid,
	"lost_at" timestamp with time zone,
	"lost_reported_by_person_id" uuid,
	"lost_reason" text,
	CONSTRAINT "meeting_handout_copy_positive" CHECK ("meeting_handout"."copy_no" > 0)
);
--> statement-breakpoint
CREATE TABLE "meeting_material" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_item_id" uuid NOT NULL,
	"topic_item_id" uuid,
	"title" text NOT NULL,
	"classification" text NOT NULL,
	"file_id" uuid NOT NULL,
	"item_file_id" uuid NOT NULL,
	"submitted_by_person_id" uuid NOT NULL,
	"submitted_by_unit_id" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"late" boolean NOT NULL,
	"distributed_at" timestamp with time zone,
	"distributed_by_person_id" uuid
);
--> statement-breakpoint
CREATE TABLE "meeting_policy" (
	"office_unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"max_per_kind" jsonb NOT NULL,
	"max_duration_min" integer,
	"max_attendees" integer,
	"max_speech_min" integer,
	"no_meeting_weekdays" integer[] NOT NULL,
	"updated_by_person_id" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_policy_office_unit_id_year_pk" PRIMARY KEY("office_unit_id","year")
);
--> statement-breakpoint
CREATE TABLE "meeting_policy_override" (
	"meeting_item_id" uuid PRIMARY KEY NOT NULL,
	"warnings" text[] NOT NULL,
	"reason" text NOT NULL,
	"recorded_by_person_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_handout" ADD CONSTRAINT "meeting_handout_material_id_meeting_material_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."meeting_material"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_material" ADD CONSTRAINT "meeting_material_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_policy_override" ADD CONSTRAINT "meeting_policy_override_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_handout_copy_idx" ON "meeting_handout" USING btree ("material_id","copy_no");--> statement-breakpoint
CREATE INDEX "meeting_material_meeting_idx" ON "meeting_material" USING btree ("meeting_item_id","submitted_at");