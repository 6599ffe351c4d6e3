-- Units of this deployment receive 发文 through the kernel's dispatch since 0026, which moved their receipts there:
-- outgoing_delivery keeps organs outside it, and the unit-receipt columns go.
DROP INDEX "outgoing_delivery_item_unit_idx";--> statement-breakpoint
DROP INDEX "outgoing_delivery_item_organ_idx";--> statement-breakpoint
DROP INDEX "outgoing_delivery_unit_idx";--> statement-breakpoint
ALTER TABLE "outgoing_delivery" ALTER COLUMN "organ_name" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_delivery_item_organ_current_idx" ON "outgoing_delivery" USING btree ("item_id","organ_name") WHERE superseded_at is null;--> statement-breakpoint
ALTER TABLE "outgoing_delivery" DROP COLUMN "unit_id";--> statement-breakpoint
ALTER TABLE "outgoing_delivery" DROP COLUMN "signed_at";--> statement-breakpoint
ALTER TABLE "outgoing_delivery" DROP COLUMN "signed_by_person_id";--> statement-breakpoint
ALTER TABLE "outgoing_delivery" DROP COLUMN "incoming_item_id";--> statement-breakpoint
ALTER TABLE "outgoing_delivery" DROP COLUMN "returned_at";--> statement-breakpoint
ALTER TABLE "outgoing_delivery" DROP COLUMN "returned_by_person_id";--> statement-breakpoint
ALTER TABLE "outgoing_delivery" DROP COLUMN "return_reason";