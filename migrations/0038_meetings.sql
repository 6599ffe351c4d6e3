CREATE TABLE "meeting" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"office_unit_id" uuid NOT NULL,
	"meeting_kind" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"mode" text NOT NULL,
	"chair_person_id" uuid NOT NULL,
	"agenda_fixed_at" timestamp with time zone,
	"created_by_person_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_agenda_item" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_item_id" uuid NOT NULL,
	"topic_item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"reporting_unit_id" uuid,
	"minutes" integer,
	"state" text NOT NULL,
	"requested_by_person_id" uuid,
	"decided_by_person_id" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_participant" (
	"meeting_item_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"topic_item_id" uuid,
	"position" integer NOT NULL,
	CONSTRAINT "meeting_participant_meeting_item_id_person_id_pk" PRIMARY KEY("meeting_item_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_item" ADD CONSTRAINT "meeting_agenda_item_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_item" ADD CONSTRAINT "meeting_agenda_item_topic_item_id_item_id_fk" FOREIGN KEY ("topic_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_participant" ADD CONSTRAINT "meeting_participant_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_number_idx" ON "meeting" USING btree ("office_unit_id","meeting_kind","year","seq");--> statement-breakpoint
CREATE INDEX "meeting_office_starts_idx" ON "meeting" USING btree ("office_unit_id","starts_at");--> statement-breakpoint
CREATE INDEX "meeting_agenda_meeting_idx" ON "meeting_agenda_item" USING btree ("meeting_item_id");--> statement-breakpoint
CREATE INDEX "meeting_agenda_topic_idx" ON "meeting_agenda_item" USING btree ("topic_item_id");--> statement-breakpoint
CREATE INDEX "meeting_participant_person_idx" ON "meeting_participant" USING btree ("person_id");