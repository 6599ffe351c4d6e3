ALTER TABLE "outgoing_document" ADD COLUMN "print_count" integer;--> statement-breakpoint
ALTER TABLE "outgoing_document" ADD COLUMN "copy_no_from" integer;--> statement-breakpoint
ALTER TABLE "outgoing_document" ADD COLUMN "copy_no_to" integer;