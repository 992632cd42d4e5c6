CREATE TABLE "impression_ids" (
	"impression_id" uuid PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "widget_impressions" (
	"widget_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"impressions" integer NOT NULL,
	CONSTRAINT "widget_impressions_widget_id_bucket_pk" PRIMARY KEY("widget_id","bucket")
);
--> statement-breakpoint
CREATE INDEX "impression_ids_seen_at" ON "impression_ids" USING btree ("seen_at");