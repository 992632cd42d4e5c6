CREATE TYPE "public"."report_cadence" AS ENUM('weekly', 'monthly', 'both');--> statement-breakpoint
ALTER TYPE "public"."settings_action" ADD VALUE 'cadence_changed';--> statement-breakpoint
ALTER TYPE "public"."settings_action" ADD VALUE 'alerts_changed';--> statement-breakpoint
ALTER TYPE "public"."settings_action" ADD VALUE 'slack_set';--> statement-breakpoint
ALTER TYPE "public"."settings_action" ADD VALUE 'slack_removed';--> statement-breakpoint
ALTER TYPE "public"."settings_action" ADD VALUE 'slack_paused';--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "report_cadence" "report_cadence" DEFAULT 'weekly' NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "alert_email" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "slack_webhook" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "slack_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "slack_reports" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "slack_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "slack_paused_reason" text;