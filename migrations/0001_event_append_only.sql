-- The event log is append-only: the database itself refuses to change or remove a row.
CREATE OR REPLACE FUNCTION zhongshu_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '留痕记录只能追加，不能修改或删除 (event is append-only: % refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER event_no_update_delete BEFORE UPDATE OR DELETE ON event
  FOR EACH ROW EXECUTE FUNCTION zhongshu_event_append_only();--> statement-breakpoint
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event
  FOR EACH STATEMENT EXECUTE FUNCTION zhongshu_event_append_only();
