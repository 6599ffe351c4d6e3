-- An item's state becomes a machine key (a step key, closed, or a state its module names); names live in the flow
-- data and the module declarations. Running items: the step whose name their state holds, in the flow version they
-- run on.
UPDATE "item" i SET "state" = st.step->>'key'
FROM "flow_instance" fi
JOIN "flow_definition" fd ON fd."key" = fi."flow_key" AND fd."version" = fi."flow_version"
CROSS JOIN LATERAL jsonb_array_elements(fd."definition"->'steps') AS st(step)
WHERE fi."item_id" = i."id" AND st.step->>'name' = i."state";--> statement-breakpoint
-- The ends: 办结 (the kernel's), and the states 收文 and 发文 name. The rollups follow through their trigger.
UPDATE "item" SET "state" = 'closed' WHERE "state" = '已办结';--> statement-breakpoint
UPDATE "item" SET "state" = 'registered' WHERE "kind" = 'incoming' AND "state" = '已登记';--> statement-breakpoint
UPDATE "item" SET "state" = 'returned' WHERE "kind" = 'incoming' AND "state" = '已退文';--> statement-breakpoint
UPDATE "item" SET "state" = 'voided' WHERE "kind" = 'incoming' AND "state" = '已作废';--> statement-breakpoint
UPDATE "item" SET "state" = 'withdrawn' WHERE "kind" = 'outgoing' AND "state" = '已撤销';--> statement-breakpoint
-- Stored flow versions end in keys too, so items still running on them close in a key.
UPDATE "flow_definition" SET "definition" = replace(replace("definition"::text, '"已退文"', '"returned"'), '"已撤销"', '"withdrawn"')::jsonb
WHERE "key" IN ('incoming', 'outgoing');
