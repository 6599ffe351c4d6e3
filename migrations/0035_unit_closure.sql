CREATE TABLE "unit_closure" (
	"ancestor_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"depth" integer NOT NULL,
	CONSTRAINT "unit_closure_ancestor_id_unit_id_pk" PRIMARY KEY("ancestor_id","unit_id")
);
--> statement-breakpoint
CREATE INDEX "unit_closure_unit_idx" ON "unit_closure" USING btree ("unit_id");--> statement-breakpoint
-- The closure is rebuilt whole after any statement that adds, removes or moves units: the tree is about a thousand
-- units (a province), so a rebuild costs milliseconds, needs no ordering of parents before children within a
-- statement, and cannot drift from `unit`. The lock serialises two rebuilds in concurrent transactions; readers are
-- not blocked. The depth bound stops a cycle (which the org service refuses) from recursing without end.
CREATE FUNCTION unit_closure_refresh() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE unit_closure IN EXCLUSIVE MODE;
  DELETE FROM unit_closure;
  INSERT INTO unit_closure (ancestor_id, unit_id, depth)
    WITH RECURSIVE up(ancestor_id, unit_id, depth) AS (
      SELECT id, id, 0 FROM unit
      UNION ALL
      SELECT u.parent_id, up.unit_id, up.depth + 1 FROM up JOIN unit u ON u.id = up.ancestor_id
      WHERE u.parent_id IS NOT NULL AND up.depth < 64
    )
    SELECT DISTINCT ON (ancestor_id, unit_id) ancestor_id, unit_id, depth FROM up ORDER BY ancestor_id, unit_id, depth;
END $$;
--> statement-breakpoint
CREATE FUNCTION unit_closure_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM unit_closure_refresh();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER unit_closure_sync AFTER INSERT OR DELETE OR UPDATE OF parent_id ON unit
  FOR EACH STATEMENT EXECUTE FUNCTION unit_closure_rebuild();
--> statement-breakpoint
CREATE TRIGGER unit_closure_sync_truncate AFTER TRUNCATE ON unit
  FOR EACH STATEMENT EXECUTE FUNCTION unit_closure_rebuild();
--> statement-breakpoint
SELECT unit_closure_refresh();
