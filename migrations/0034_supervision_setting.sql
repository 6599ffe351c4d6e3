CREATE TABLE "supervision_setting" (
	"office_unit_id" uuid PRIMARY KEY NOT NULL,
	"yellow_within_workdays" integer NOT NULL,
	"updated_by_person_id" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
