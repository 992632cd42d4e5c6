CREATE TABLE "holdout_days" (
	"run_id" uuid NOT NULL,
	"held_out" boolean NOT NULL,
	"day" date NOT NULL,
	"slot_views" integer NOT NULL,
	"visitors" integer NOT NULL,
	CONSTRAINT "holdout_days_run_id_held_out_day_pk" PRIMARY KEY("run_id","held_out","day")
);
--> statement-breakpoint
CREATE TABLE "holdout_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"widget_id" uuid NOT NULL,
	"share" smallint NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"started_by" text NOT NULL,
	"started_by_ref" text,
	"stopped_by" text,
	"stopped_by_ref" text,
	CONSTRAINT "holdout_runs_share" CHECK ("holdout_runs"."share" between 5 and 50)
);
--> statement-breakpoint
CREATE TABLE "slot_view_ids" (
	"slot_view_id" uuid PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slot_view_origin_windows" (
	"origin" text NOT NULL,
	"widget_id" uuid NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"counted" integer NOT NULL,
	"last_granted" integer NOT NULL,
	CONSTRAINT "slot_view_origin_windows_origin_widget_id_pk" PRIMARY KEY("origin","widget_id")
);
--> statement-breakpoint
ALTER TABLE "holdout_days" ADD CONSTRAINT "holdout_days_run_id_holdout_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."holdout_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holdout_runs" ADD CONSTRAINT "holdout_runs_widget_id_widgets_id_fk" FOREIGN KEY ("widget_id") REFERENCES "public"."widgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "holdout_runs_running" ON "holdout_runs" USING btree ("widget_id") WHERE "holdout_runs"."stopped_at" is null;--> statement-breakpoint
CREATE INDEX "holdout_runs_store_id" ON "holdout_runs" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "slot_view_ids_seen_at" ON "slot_view_ids" USING btree ("seen_at");--> statement-breakpoint
CREATE INDEX "slot_view_origin_windows_window_start" ON "slot_view_origin_windows" USING btree ("window_start");