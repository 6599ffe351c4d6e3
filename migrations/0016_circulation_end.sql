ALTER TABLE "circulation" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "circulation" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "circulation" ADD COLUMN "end_kind" text;