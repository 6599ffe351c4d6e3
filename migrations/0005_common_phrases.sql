CREATE TABLE "common_phrase" (
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "common_phrase_person_id_kind_position_pk" PRIMARY KEY("person_id","kind","position")
);
