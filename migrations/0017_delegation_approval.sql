ALTER TABLE "delegation" ADD COLUMN "approval" text DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "delegation" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "delegation" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
-- Delegations in force that cross units were made before anyone had to approve them: they wait for the
-- security administrator like new ones.
UPDATE "delegation" d SET "approval" = 'pending'
WHERE d."revoked_at" IS NULL AND d."ends_at" > now()
  AND NOT EXISTS (
    SELECT 1 FROM "post" a JOIN "post" b ON b."unit_id" = a."unit_id"
    WHERE a."person_id" = d."from_person_id" AND b."person_id" = d."to_person_id" AND a."ended_at" IS NULL AND b."ended_at" IS NULL
  );
