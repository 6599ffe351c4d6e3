ALTER TABLE "item_access" ADD COLUMN "scope" text DEFAULT 'full' NOT NULL;--> statement-breakpoint
-- A unit a document was distributed to (核发) reads the issued copy, not the sender's internal record.
UPDATE "item_access" SET "scope" = 'issued' WHERE "principal_type" = 'unit' AND "reason" = '核发';--> statement-breakpoint
-- Whoever reads the 收文 a distributed document was signed for as reads the copy it came from.
INSERT INTO "item_access" ("item_id", "principal_type", "principal_id", "scope", "reason", "granted_by", "created_at")
SELECT d."item_id", 'item', d."incoming_item_id", 'issued', '签收', d."signed_by_person_id", d."signed_at"
FROM "outgoing_delivery" d
WHERE d."incoming_item_id" IS NOT NULL AND d."signed_by_person_id" IS NOT NULL
ON CONFLICT DO NOTHING;
