CREATE TABLE "repeat_clicks" (
	"click_id" uuid PRIMARY KEY NOT NULL,
	"widget_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repeat_origin_windows" (
	"origin" text NOT NULL,
	"widget_id" uuid NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"counted" integer NOT NULL,
	"last_granted" integer NOT NULL,
	CONSTRAINT "repeat_origin_windows_origin_widget_id_pk" PRIMARY KEY("origin","widget_id")
);
--> statement-breakpoint
CREATE INDEX "repeat_clicks_occurred_at" ON "repeat_clicks" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "repeat_origin_windows_window_start" ON "repeat_origin_windows" USING btree ("window_start");