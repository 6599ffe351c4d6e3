CREATE TABLE "circulation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"ordered" boolean NOT NULL,
	"note" text,
	"started_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flow_definition" (
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "flow_definition_key_version_pk" PRIMARY KEY("key","version")
);
--> statement-breakpoint
CREATE TABLE "flow_instance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"flow_key" text NOT NULL,
	"flow_version" integer NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"vars" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "item_link" (
	"from_item_id" uuid NOT NULL,
	"to_item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "item_link_from_item_id_to_item_id_kind_pk" PRIMARY KEY("from_item_id","to_item_id","kind")
);
--> statement-breakpoint
CREATE TABLE "opinion" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"item_id" uuid NOT NULL,
	"task_id" uuid,
	"step_key" text,
	"step_name" text NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"person_id" uuid NOT NULL,
	"post_id" uuid,
	"person_name" text NOT NULL,
	"post_title" text,
	"on_behalf_of_person_id" uuid,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "number_sequence" (
	"scope" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "number_sequence_scope_year_pk" PRIMARY KEY("scope","year")
);
--> statement-breakpoint
CREATE TABLE "incoming_document" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"register" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"sender_name" text NOT NULL,
	"sender_unit_id" uuid,
	"doc_no" text,
	"doc_no_as_received" text,
	"genre" text,
	"copies" integer DEFAULT 1 NOT NULL,
	"copy_numbers" text[] DEFAULT '{}' NOT NULL,
	"written_date" date,
	"received_at" timestamp with time zone NOT NULL,
	"received_by_person_id" uuid NOT NULL,
	"main_recipients" text[] DEFAULT '{}' NOT NULL,
	"cc_recipients" text[] DEFAULT '{}' NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"handling_kind" text,
	"return_reason" text,
	"reply" text,
	"summary" text
);
--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "step_key" text;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "slot" text;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "seq" integer;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "for_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "for_department_id" uuid;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "unit_role" text;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "activated_by_task_id" uuid;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "circulation" ADD CONSTRAINT "circulation_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_instance" ADD CONSTRAINT "flow_instance_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_link" ADD CONSTRAINT "item_link_from_item_id_item_id_fk" FOREIGN KEY ("from_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_link" ADD CONSTRAINT "item_link_to_item_id_item_id_fk" FOREIGN KEY ("to_item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion" ADD CONSTRAINT "opinion_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_document" ADD CONSTRAINT "incoming_document_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circulation_item_idx" ON "circulation" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "flow_instance_item_idx" ON "flow_instance" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "item_link_to_idx" ON "item_link" USING btree ("to_item_id");--> statement-breakpoint
CREATE INDEX "opinion_item_idx" ON "opinion" USING btree ("item_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "incoming_register_seq_idx" ON "incoming_document" USING btree ("register","year","seq");--> statement-breakpoint
CREATE INDEX "incoming_sender_docno_idx" ON "incoming_document" USING btree ("sender_name","doc_no");