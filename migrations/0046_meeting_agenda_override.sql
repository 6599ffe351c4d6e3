CREATE TABLE "meeting_agenda_override" (
	"agenda_item_id" uuid PRIMARY KEY NOT NULL,
	"warning" text NOT NULL,
	"reason" text NOT NULL,
	"recorded_by_person_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_agenda_override" ADD CONSTRAINT "meeting_agenda_override_agenda_item_id_meeting_agenda_item_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."meeting_agenda_item"("id") ON DELETE cascade ON UPDATE no action;