-- 会议材料 move to a role of their own on the meeting item, which the 办会 module guards from the kernel's file routes.
UPDATE "item_file" SET "role" = '会议材料' WHERE "id" IN (SELECT "item_file_id" FROM "meeting_material");
