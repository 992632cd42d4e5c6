-- drizzle-kit cannot declare PARTITION BY, so this migration turns widget_clicks into a table
-- range-partitioned by week on occurred_at. Weekly partitions are created ahead (and old ones dropped) by
-- the review service (db/queries/partitions.ts); the DEFAULT partition only catches a click whose week has
-- no partition yet, so no click is ever refused for that reason.
ALTER TABLE "widget_clicks" RENAME TO "widget_clicks_unpartitioned";--> statement-breakpoint
ALTER INDEX "widget_clicks_widget_occurred_at" RENAME TO "widget_clicks_unpartitioned_widget_occurred_at";--> statement-breakpoint
CREATE TABLE "widget_clicks" (
	"click_id" uuid NOT NULL,
	"widget_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"product_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL
) PARTITION BY RANGE ("occurred_at");--> statement-breakpoint
CREATE TABLE "widget_clicks_default" PARTITION OF "widget_clicks" DEFAULT;--> statement-breakpoint
CREATE INDEX "widget_clicks_widget_occurred_at" ON "widget_clicks" USING btree ("widget_id","occurred_at");--> statement-breakpoint
INSERT INTO "widget_clicks" SELECT "click_id", "widget_id", "store_id", "product_id", "occurred_at" FROM "widget_clicks_unpartitioned";--> statement-breakpoint
DROP TABLE "widget_clicks_unpartitioned";
