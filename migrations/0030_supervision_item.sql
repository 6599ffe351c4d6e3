CREATE TABLE "supervision_item" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"office_unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"source" text NOT NULL,
	"source_text" text,
	"requirement" text NOT NULL,
	"lead_unit_id" uuid NOT NULL,
	"assisting_unit_ids" uuid[] DEFAULT '{}' NOT NULL,
	"leader_person_id" uuid,
	"category" text NOT NULL,
	"cadence" jsonb NOT NULL,
	"cadence_reason" text,
	"statutory" text,
	"difficult" boolean DEFAULT false NOT NULL,
	"deadline_workdays" integer,
	"opened_on" date NOT NULL,
	"created_by_person_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "supervision_item" ADD CONSTRAINT "supervision_item_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_item_number_idx" ON "supervision_item" USING btree ("office_unit_id","year","seq");--> statement-breakpoint
CREATE INDEX "supervision_item_lead_unit_idx" ON "supervision_item" USING btree ("lead_unit_id");--> statement-breakpoint
CREATE INDEX "supervision_item_source_idx" ON "supervision_item" USING btree ("source");