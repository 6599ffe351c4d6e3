CREATE TABLE "meeting_notice" (
	"meeting_item_id" uuid PRIMARY KEY NOT NULL,
	"reply_by" timestamp with time zone NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"requirements" text NOT NULL,
	"first_sent_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"sent_by_person_id" uuid NOT NULL,
	"sends" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_reply" (
	"meeting_item_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"reply" text NOT NULL,
	"reason" text,
	"substitute_person_id" uuid,
	"substitute_name" text,
	"substitute_post" text,
	"leave" text,
	"leave_decided_by_person_id" uuid,
	"leave_decided_at" timestamp with time zone,
	"leave_refusal" text,
	"replied_at" timestamp with time zone NOT NULL,
	"recorded_by_person_id" uuid NOT NULL,
	"late" boolean NOT NULL,
	CONSTRAINT "meeting_reply_meeting_item_id_person_id_pk" PRIMARY KEY("meeting_item_id","person_id"),
	CONSTRAINT "meeting_reply_reply" CHECK ("meeting_reply"."reply" in ('attend', 'substitute', 'leave')),
	CONSTRAINT "meeting_reply_leave" CHECK (("meeting_reply"."reply" = 'leave') = ("meeting_reply"."leave" is not null)),
	CONSTRAINT "meeting_reply_substitute" CHECK (("meeting_reply"."reply" = 'substitute') = ("meeting_reply"."substitute_name" is not null))
);
--> statement-breakpoint
ALTER TABLE "meeting_notice" ADD CONSTRAINT "meeting_notice_meeting_item_id_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_reply" ADD CONSTRAINT "meeting_reply_meeting_item_id_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;