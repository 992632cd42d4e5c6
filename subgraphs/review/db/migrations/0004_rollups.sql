CREATE TABLE "widget_click_days" (
	"widget_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"clicks" integer NOT NULL,
	CONSTRAINT "widget_click_days_widget_id_bucket_pk" PRIMARY KEY("widget_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "widget_click_quarters" (
	"widget_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"clicks" integer NOT NULL,
	CONSTRAINT "widget_click_quarters_widget_id_bucket_pk" PRIMARY KEY("widget_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "widget_impression_days" (
	"widget_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"impressions" integer NOT NULL,
	CONSTRAINT "widget_impression_days_widget_id_bucket_pk" PRIMARY KEY("widget_id","bucket")
);
--> statement-breakpoint
-- drizzle-kit cannot declare triggers. The click rollup is kept by one, so it equals the raw rows whoever
-- inserts them (the API's batches, imports, seed data). Rows leave widget_clicks only with their
-- partition, and the code that drops partitions prunes the rollup in the same transaction; the partition
-- mover's inserts go into a table not yet attached, so they are not counted twice.
CREATE FUNCTION "widget_clicks_roll_up"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "widget_click_quarters" AS q ("widget_id", "bucket", "clicks")
  SELECT "widget_id", date_bin('15 minutes', "occurred_at", timestamptz '2000-01-01 00:00Z'), count(*)::int
  FROM new_clicks GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("widget_id", "bucket") DO UPDATE SET "clicks" = q."clicks" + excluded."clicks";
  INSERT INTO "widget_click_days" AS d ("widget_id", "bucket", "clicks")
  SELECT "widget_id", date_bin('24 hours', "occurred_at", timestamptz '2000-01-01 00:00Z'), count(*)::int
  FROM new_clicks GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("widget_id", "bucket") DO UPDATE SET "clicks" = d."clicks" + excluded."clicks";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "widget_clicks_roll_up" AFTER INSERT ON "widget_clicks"
  REFERENCING NEW TABLE AS new_clicks FOR EACH STATEMENT EXECUTE FUNCTION "widget_clicks_roll_up"();--> statement-breakpoint
INSERT INTO "widget_click_quarters" ("widget_id", "bucket", "clicks")
SELECT "widget_id", date_bin('15 minutes', "occurred_at", timestamptz '2000-01-01 00:00Z'), count(*)::int
FROM "widget_clicks" GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "widget_click_days" ("widget_id", "bucket", "clicks")
SELECT "widget_id", date_bin('24 hours', "occurred_at", timestamptz '2000-01-01 00:00Z'), count(*)::int
FROM "widget_clicks" GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "widget_impression_days" ("widget_id", "bucket", "impressions")
SELECT "widget_id", date_bin('24 hours', "bucket", timestamptz '2000-01-01 00:00Z'), sum("impressions")::int
FROM "widget_impressions" GROUP BY 1, 2;
