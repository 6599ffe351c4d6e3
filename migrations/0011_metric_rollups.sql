CREATE TABLE "metric_item_closed" (
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"closed_day" date NOT NULL,
	"created_day" date NOT NULL,
	"state" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "metric_item_closed_kind_unit_id_closed_day_created_day_state_pk" PRIMARY KEY("kind","unit_id","closed_day","created_day","state")
);
--> statement-breakpoint
CREATE TABLE "metric_item_created" (
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"day" date NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "metric_item_created_kind_unit_id_day_pk" PRIMARY KEY("kind","unit_id","day")
);
--> statement-breakpoint
CREATE TABLE "metric_task_done" (
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"for_unit_id" uuid DEFAULT '00000000-0000-0000-0000-000000000000'::uuid NOT NULL,
	"day" date NOT NULL,
	"on_time" integer NOT NULL,
	"total" integer NOT NULL,
	CONSTRAINT "metric_task_done_kind_unit_id_day_step_key_for_unit_id_pk" PRIMARY KEY("kind","unit_id","day","step_key","for_unit_id")
);
--> statement-breakpoint
CREATE INDEX "task_open_due_idx" ON "task" USING btree ("due_date") WHERE state = 'open';--> statement-breakpoint
-- 效能 rollups, kept by the database: every row written to item or task, by any path, moves its
-- contribution from where its old values counted to where its new values count.
CREATE OR REPLACE FUNCTION zhongshu_china_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE AS $$ SELECT ((t AT TIME ZONE 'UTC') + interval '8 hours')::date $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhongshu_metric_item_count(i item, created boolean, closed boolean, sign int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF created THEN
    INSERT INTO metric_item_created AS m (kind, unit_id, day, n)
    VALUES (i.kind, i.owning_unit_id, zhongshu_china_day(i.created_at), sign)
    ON CONFLICT (kind, unit_id, day) DO UPDATE SET n = m.n + excluded.n;
  END IF;
  IF closed THEN
    INSERT INTO metric_item_closed AS m (kind, unit_id, closed_day, created_day, state, n)
    VALUES (i.kind, i.owning_unit_id, zhongshu_china_day(i.closed_at), zhongshu_china_day(i.created_at), i.state, sign)
    ON CONFLICT (kind, unit_id, closed_day, created_day, state) DO UPDATE SET n = m.n + excluded.n;
  END IF;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhongshu_metric_item() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  was_created boolean := TG_OP <> 'INSERT';
  now_created boolean := TG_OP <> 'DELETE';
  was_closed boolean := TG_OP <> 'INSERT' AND OLD.closed_at IS NOT NULL;
  now_closed boolean := TG_OP <> 'DELETE' AND NEW.closed_at IS NOT NULL;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.kind = NEW.kind AND OLD.owning_unit_id = NEW.owning_unit_id AND OLD.created_at = NEW.created_at THEN
      was_created := false;
      now_created := false;
      IF NOT was_closed AND NOT now_closed
         OR (was_closed AND now_closed AND OLD.closed_at = NEW.closed_at AND OLD.state = NEW.state) THEN
        RETURN NULL;
      END IF;
    END IF;
  END IF;
  IF was_created OR was_closed THEN
    PERFORM zhongshu_metric_item_count(OLD, was_created, was_closed, -1);
  END IF;
  IF now_created OR now_closed THEN
    PERFORM zhongshu_metric_item_count(NEW, now_created, now_closed, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER item_metrics AFTER INSERT OR UPDATE OR DELETE ON item
  FOR EACH ROW EXECUTE FUNCTION zhongshu_metric_item();
--> statement-breakpoint
-- A task counts once it is done and had a time limit; its item's module and office are looked up.
CREATE OR REPLACE FUNCTION zhongshu_metric_task_count(t task, sign int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  it record;
  d date := zhongshu_china_day(t.completed_at);
BEGIN
  SELECT kind, owning_unit_id INTO it FROM item WHERE id = t.item_id;
  INSERT INTO metric_task_done AS m (kind, unit_id, day, step_key, for_unit_id, on_time, total)
  VALUES (it.kind, it.owning_unit_id, d, coalesce(t.step_key, ''), coalesce(t.for_unit_id, '00000000-0000-0000-0000-000000000000'::uuid),
    sign * (d <= t.due_date)::int, sign)
  ON CONFLICT (kind, unit_id, day, step_key, for_unit_id)
  DO UPDATE SET on_time = m.on_time + excluded.on_time, total = m.total + excluded.total;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhongshu_metric_task() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_counts boolean := TG_OP <> 'INSERT' AND OLD.state = 'done' AND OLD.due_date IS NOT NULL AND OLD.completed_at IS NOT NULL;
  new_counts boolean := TG_OP <> 'DELETE' AND NEW.state = 'done' AND NEW.due_date IS NOT NULL AND NEW.completed_at IS NOT NULL;
BEGIN
  IF old_counts AND new_counts AND OLD.item_id = NEW.item_id AND OLD.completed_at = NEW.completed_at AND OLD.due_date = NEW.due_date
     AND OLD.step_key IS NOT DISTINCT FROM NEW.step_key AND OLD.for_unit_id IS NOT DISTINCT FROM NEW.for_unit_id THEN
    RETURN NULL;
  END IF;
  IF old_counts THEN
    PERFORM zhongshu_metric_task_count(OLD, -1);
  END IF;
  IF new_counts THEN
    PERFORM zhongshu_metric_task_count(NEW, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER task_metrics AFTER INSERT OR UPDATE OR DELETE ON task
  FOR EACH ROW EXECUTE FUNCTION zhongshu_metric_task();
--> statement-breakpoint
-- What was there before the triggers.
INSERT INTO metric_item_created (kind, unit_id, day, n)
SELECT kind, owning_unit_id, zhongshu_china_day(created_at), count(*) FROM item GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO metric_item_closed (kind, unit_id, closed_day, created_day, state, n)
SELECT kind, owning_unit_id, zhongshu_china_day(closed_at), zhongshu_china_day(created_at), state, count(*)
FROM item WHERE closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO metric_task_done (kind, unit_id, day, step_key, for_unit_id, on_time, total)
SELECT i.kind, i.owning_unit_id, zhongshu_china_day(t.completed_at), coalesce(t.step_key, ''),
  coalesce(t.for_unit_id, '00000000-0000-0000-0000-000000000000'::uuid),
  count(*) FILTER (WHERE zhongshu_china_day(t.completed_at) <= t.due_date), count(*)
FROM task t JOIN item i ON i.id = t.item_id
WHERE t.state = 'done' AND t.due_date IS NOT NULL AND t.completed_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
