CREATE TABLE "dispatch" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"role" text NOT NULL,
	"state" text NOT NULL,
	"due_date" date,
	"note" text,
	"sent_at" timestamp with time zone NOT NULL,
	"sent_by_person_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_by_person_id" uuid,
	"decided_on_behalf_of" uuid,
	"reason" text,
	"result_item_id" uuid,
	"previous_id" uuid,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "dispatch_id" uuid;--> statement-breakpoint
ALTER TABLE "dispatch" ADD CONSTRAINT "dispatch_item_id_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dispatch_current_idx" ON "dispatch" USING btree ("item_id","kind","unit_id") WHERE superseded_at is null;--> statement-breakpoint
CREATE INDEX "dispatch_unit_idx" ON "dispatch" USING btree ("unit_id","kind","sent_at");--> statement-breakpoint
CREATE INDEX "dispatch_item_idx" ON "dispatch" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "task_dispatch_idx" ON "task" USING btree ("dispatch_id") WHERE dispatch_id is not null;--> statement-breakpoint
-- 发文's receipts of units in this deployment become the kernel's dispatches (kind `issue`, the 签收 step key);
-- organs outside it stay in outgoing_delivery (需线下分发 and its records). Ids are kept, so links and logs hold.
INSERT INTO "dispatch" ("id", "item_id", "kind", "unit_id", "role", "state", "due_date", "note", "sent_at", "sent_by_person_id",
  "decided_at", "decided_by_person_id", "reason", "result_item_id", "previous_id", "superseded_at")
SELECT d.id, d.item_id, 'issue', d.unit_id, d.role,
  CASE d.status WHEN 'signed' THEN 'accepted' WHEN 'returned' THEN 'returned' ELSE 'pending' END,
  NULL, d.correction_reason, d.delivered_at, d.created_by_person_id,
  coalesce(d.signed_at, d.returned_at), coalesce(d.signed_by_person_id, d.returned_by_person_id), d.return_reason,
  d.incoming_item_id, d.previous_id, d.superseded_at
FROM "outgoing_delivery" d WHERE d.unit_id IS NOT NULL;
--> statement-breakpoint
-- What was waiting to be signed for becomes a receiving task of each registrar of the unit cleared for it.
INSERT INTO "task" ("id", "item_id", "kind", "step", "assignee_person_id", "assignee_post_id", "state", "step_key", "for_unit_id",
  "dispatch_id", "created_by", "created_at", "delivered_at")
SELECT gen_random_uuid(), d.item_id, 'do', '签收', g.person_id, p.id, 'open', 'issue', d.unit_id, d.id, d.sent_by_person_id, d.sent_at, d.sent_at
FROM "dispatch" d
JOIN "item" i ON i.id = d.item_id
JOIN "role_grant" g ON g.role = 'registrar' AND g.unit_id = d.unit_id
JOIN "post" p ON p.person_id = g.person_id AND p.unit_id = d.unit_id AND p.ended_at IS NULL
JOIN "person" pe ON pe.id = g.person_id
WHERE d.state = 'pending' AND d.superseded_at IS NULL
  AND array_position(ARRAY['公开','内部','秘密','机密','绝密'], pe.clearance) >= array_position(ARRAY['公开','内部','秘密','机密','绝密'], i.classification);
--> statement-breakpoint
DELETE FROM "outgoing_delivery" WHERE unit_id IS NOT NULL;
