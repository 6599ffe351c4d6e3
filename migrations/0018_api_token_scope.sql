ALTER TABLE "api_token" ADD COLUMN "scope" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "api_token" ADD COLUMN "revoked_reason" text;--> statement-breakpoint
ALTER TABLE "api_token" ADD COLUMN "revoked_by" uuid;--> statement-breakpoint
-- Tokens made before scopes carried all their owner's powers (an administrator's too), most of them for ever:
-- they end here, and their owners make new ones with a scope and an end.
UPDATE "api_token" SET "revoked_at" = now(), "revoked_reason" = 'upgrade' WHERE "revoked_at" IS NULL;--> statement-breakpoint
UPDATE "api_token" SET "expires_at" = "revoked_at" WHERE "expires_at" IS NULL;--> statement-breakpoint
ALTER TABLE "api_token" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "api_token_person_idx" ON "api_token" USING btree ("person_id");--> statement-breakpoint
-- Token creation stored its response, the token itself, for replays (and so in every backup): gone.
DELETE FROM "idempotency_key" WHERE "route" = 'POST /api/v1/me/tokens' OR ("response" ? 'token');
