CREATE TYPE "public"."slack_status" AS ENUM('queued', 'sent', 'failed');--> statement-breakpoint
CREATE TABLE "alerts" (
	"store_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"day" text NOT NULL,
	"detail" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_store_id_key_pk" PRIMARY KEY("store_id","key")
);
--> statement-breakpoint
CREATE TABLE "slack_messages" (
	"store_id" uuid NOT NULL,
	"key" text NOT NULL,
	"status" "slack_status" DEFAULT 'queued' NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"claim_token" uuid,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slack_messages_store_id_key_pk" PRIMARY KEY("store_id","key")
);
--> statement-breakpoint
CREATE INDEX "alerts_store_day" ON "alerts" USING btree ("store_id","day");--> statement-breakpoint
CREATE INDEX "slack_messages_ready" ON "slack_messages" USING btree ("status","next_attempt_at");