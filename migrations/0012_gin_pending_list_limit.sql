-- The search indexes' pending lists (GIN fastupdate) are read whole by every search until VACUUM moves
-- them into the index; bounded at 256 kB instead of 4 MB, a search between vacuums reads ~32 pages at most.
ALTER INDEX "item_search_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "item_title_trgm_idx" SET (gin_pending_list_limit = 256);
