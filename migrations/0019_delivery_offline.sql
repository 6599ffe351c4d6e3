DROP INDEX "outgoing_delivery_item_unit_idx";--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ALTER COLUMN "unit_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "organ_name" text;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "created_by_person_id" uuid;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "offline_method" text;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "offline_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "offline_by" text;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "offline_note" text;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "recorded_by_person_id" uuid;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "previous_id" uuid;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "correction_reason" text;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_delivery_item_organ_idx" ON "outgoing_delivery" USING btree ("item_id","organ_name") WHERE superseded_at is null and unit_id is null;--> statement-breakpoint
CREATE INDEX "outgoing_delivery_item_idx" ON "outgoing_delivery" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_delivery_item_unit_idx" ON "outgoing_delivery" USING btree ("item_id","unit_id") WHERE superseded_at is null and unit_id is not null;--> statement-breakpoint
-- Documents already distributed: the organs outside the system they named were never reached by it; they
-- now show as 需线下分发 so the registrar can record how they went.
INSERT INTO "outgoing_delivery" ("id", "item_id", "organ_name", "role", "status", "delivered_at")
SELECT gen_random_uuid(), x.item_id, x.name, x.role, 'offline', x.closed_at FROM (
  SELECT DISTINCT ON (d.item_id, r.elem->>'name') d.item_id, r.elem->>'name' AS name, r.role, i.closed_at
  FROM "outgoing_document" d
  JOIN "item" i ON i.id = d.item_id
  CROSS JOIN LATERAL (
    SELECT e AS elem, 'main' AS role, 0 AS o FROM jsonb_array_elements(d.draft->'mainRecipients') e
    UNION ALL
    SELECT e, 'cc', 1 FROM jsonb_array_elements(d.draft->'ccRecipients') e
  ) r
  WHERE i.kind = 'outgoing' AND i.closed_at IS NOT NULL AND coalesce(r.elem->>'unitId', '') = '' AND trim(coalesce(r.elem->>'name', '')) <> ''
  ORDER BY d.item_id, r.elem->>'name', r.o
) x;
