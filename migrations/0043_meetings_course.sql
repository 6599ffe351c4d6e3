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
CREATE TABLE "meeting_decision" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_item_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"topic_item_id" uuid,
	"text" text NOT NULL,
	"lead_unit_id" uuid,
	"assisting_unit_ids" uuid[] NOT NULL,
	"leader_person_id" uuid,
	"due_date" date,
	"supervision_item_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "meeting_minutes" (
	"outgoing_item_id" uuid PRIMARY KEY NOT NULL,
	"meeting_item_id" uuid NOT NULL,
	"drafted_by_person_id" uuid NOT NULL,
	"drafted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "meeting_record" (
	"meeting_item_id" uuid NOT NULL,
	"topic_item_id" uuid NOT NULL,
	"result" text NOT NULL,
	"summary" text NOT NULL,
	"speeches" jsonb NOT NULL,
	"recorded_by_person_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_record_meeting_item_id_topic_item_id_pk" PRIMARY KEY("meeting_item_id","topic_item_id")
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
ALTER TABLE "meeting_check_in" ADD CONSTRAINT "meeting_check_in_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decision" ADD CONSTRAINT "meeting_decision_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_handout" ADD CONSTRAINT "meeting_handout_material_id_meeting_material_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."meeting_material"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_material" ADD CONSTRAINT "meeting_material_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_outgoing_item_id_item_id_fk" FOREIGN KEY ("outgoing_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_notice" ADD CONSTRAINT "meeting_notice_meeting_item_id_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_policy_override" ADD CONSTRAINT "meeting_policy_override_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_record" ADD CONSTRAINT "meeting_record_meeting_item_id_meeting_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."meeting"("item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_record" ADD CONSTRAINT "meeting_record_topic_item_id_item_id_fk" FOREIGN KEY ("topic_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_reply" ADD CONSTRAINT "meeting_reply_meeting_item_id_item_id_fk" FOREIGN KEY ("meeting_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_decision_seq_idx" ON "meeting_decision" USING btree ("meeting_item_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_decision_supervision_idx" ON "meeting_decision" USING btree ("supervision_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_handout_copy_idx" ON "meeting_handout" USING btree ("material_id","copy_no");--> statement-breakpoint
CREATE INDEX "meeting_material_meeting_idx" ON "meeting_material" USING btree ("meeting_item_id","submitted_at");--> statement-breakpoint
CREATE INDEX "meeting_minutes_meeting_idx" ON "meeting_minutes" USING btree ("meeting_item_id");