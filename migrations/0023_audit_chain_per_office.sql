-- The audit log becomes one hash chain per office (全宗): event.chain names it, event.chain_seq is the row's
-- place in it, and appends lock their chain alone. The rows of the single chain before this version become the
-- start of the `system` chain, in id order, their hashes unchanged (placed = false: the hash does not cover
-- the place); seals made before this version sealed that chain (version 1: their count is the head's place).
ALTER TABLE "audit_check" ADD COLUMN "breaks" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_seal" ADD COLUMN "chain" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_seal" ALTER COLUMN "chain" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_seal" ADD COLUMN "version" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_seal" ALTER COLUMN "version" SET DEFAULT 2;--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "chain" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "event" ALTER COLUMN "chain" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "placed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "event" ALTER COLUMN "placed" SET DEFAULT true;--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
-- Numbering the existing rows is the one update this log ever gets, by its owner, here.
ALTER TABLE "event" DISABLE TRIGGER "event_no_update_delete";--> statement-breakpoint
UPDATE "event" SET "chain_seq" = n.seq FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS seq FROM "event") n WHERE "event"."id" = n."id";--> statement-breakpoint
ALTER TABLE "event" ENABLE TRIGGER "event_no_update_delete";--> statement-breakpoint
ALTER TABLE "event" ALTER COLUMN "chain_seq" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_seal_chain_idx" ON "audit_seal" USING btree ("chain","count");--> statement-breakpoint
CREATE UNIQUE INDEX "event_chain_seq_idx" ON "event" USING btree ("chain","chain_seq");
