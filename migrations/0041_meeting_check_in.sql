CREATE TABLE "meeting_check_in" (
	"meeting_item_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"by_person_id" uuid NOT NULL,
	CONSTRAINT "meeting_check_in_meeting_item_id_person_id_pk" PRIMARY KEY("meeting_item_id","person_id"),
	CONSTRAINT "meeting_check_in_method" CHECK ("meeting_check_in"."method" in ('manual', 'qr'))
);
--> statement-breakpoint
ALTER TABLE "meeting_check_in" ADD CONSTRAINT "meeting_check_in_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;