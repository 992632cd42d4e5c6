CREATE TYPE "public"."delivery_status" AS ENUM('queued', 'sending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."run_outcome" AS ENUM('queued', 'no-recipients');--> statement-breakpoint
CREATE TABLE "deliveries" (
	"store_id" uuid NOT NULL,
	"week" text NOT NULL,
	"recipient" text NOT NULL,
	"status" "delivery_status" DEFAULT 'queued' NOT NULL,
	"email" jsonb,
	"batch_key" text,
	"alone" boolean DEFAULT false NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"provider_id" text,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_store_id_week_recipient_pk" PRIMARY KEY("store_id","week","recipient")
);
--> statement-breakpoint
CREATE TABLE "report_runs" (
	"store_id" uuid NOT NULL,
	"week" text NOT NULL,
	"outcome" "run_outcome" NOT NULL,
	"partial" boolean DEFAULT false NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_runs_store_id_week_pk" PRIMARY KEY("store_id","week")
);
--> statement-breakpoint
CREATE INDEX "deliveries_ready" ON "deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "deliveries_batch_key" ON "deliveries" USING btree ("batch_key");