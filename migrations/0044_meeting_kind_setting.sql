CREATE TABLE "meeting_kind_setting" (
	"office_unit_id" uuid NOT NULL,
	"meeting_kind" text NOT NULL,
	"enabled" boolean NOT NULL,
	"topics_before_days" integer,
	"materials_before_days" integer,
	"notice_before_days" integer,
	"substitutes" boolean,
	"quorum_more_than" double precision,
	"quorum_appointments_at_least" double precision,
	"minutes_series" text,
	"sign_off" text,
	"updated_by_person_id" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_kind_setting_office_unit_id_meeting_kind_pk" PRIMARY KEY("office_unit_id","meeting_kind")
);
--> statement-breakpoint
ALTER TABLE "outgoing_document" ADD COLUMN "named_signer_person_id" uuid;--> statement-breakpoint
ALTER TABLE "outgoing_document" ADD COLUMN "named_signer_reason" text;