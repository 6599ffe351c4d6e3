CREATE TABLE "meeting_room" (
	"id" uuid PRIMARY KEY NOT NULL,
	"office_unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"building" text NOT NULL,
	"floor" text NOT NULL,
	"capacity" integer NOT NULL,
	"equipment" text[] NOT NULL,
	"manager_person_id" uuid NOT NULL,
	"available" boolean DEFAULT true NOT NULL,
	"secret_certified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_room_capacity_positive" CHECK ("meeting_room"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "room_booking" (
	"id" uuid PRIMARY KEY NOT NULL,
	"room_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"subject" text NOT NULL,
	"applicant_person_id" uuid NOT NULL,
	"host_unit_id" uuid NOT NULL,
	"attendee_count" integer NOT NULL,
	"needs" text[] NOT NULL,
	"classification" text NOT NULL,
	"state" text NOT NULL,
	"decided_by_person_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "room_booking_ends_after_start" CHECK ("room_booking"."ends_at" > "room_booking"."starts_at"),
	CONSTRAINT "room_booking_state" CHECK ("room_booking"."state" in ('wait', 'allow', 'deny', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "room_booking" ADD CONSTRAINT "room_booking_room_id_meeting_room_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."meeting_room"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_room_name_idx" ON "meeting_room" USING btree ("office_unit_id","name");--> statement-breakpoint
CREATE INDEX "room_booking_room_idx" ON "room_booking" USING btree ("room_id","starts_at");