CREATE TABLE "impression_origin_windows" (
	"origin" text NOT NULL,
	"widget_id" uuid NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"counted" integer NOT NULL,
	"last_granted" integer NOT NULL,
	CONSTRAINT "impression_origin_windows_origin_widget_id_pk" PRIMARY KEY("origin","widget_id")
);
--> statement-breakpoint
CREATE INDEX "impression_origin_windows_window_start" ON "impression_origin_windows" USING btree ("window_start");