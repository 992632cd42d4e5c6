-- The ledger's columns named for what they hold: a delivery's mailing (a report's week or month, a
-- confirmation, an alert) and a run's report period (a week or a month).
ALTER TABLE "deliveries" RENAME COLUMN "week" TO "mailing";--> statement-breakpoint
ALTER TABLE "report_runs" RENAME COLUMN "week" TO "period";--> statement-breakpoint
UPDATE "slack_messages" SET "key" = 'report:' || substr("key", length('weekly:') + 1) WHERE "key" LIKE 'weekly:%';--> statement-breakpoint
ALTER TABLE "deliveries" RENAME CONSTRAINT "deliveries_store_id_week_recipient_pk" TO "deliveries_store_id_mailing_recipient_pk";--> statement-breakpoint
ALTER TABLE "report_runs" RENAME CONSTRAINT "report_runs_store_id_week_pk" TO "report_runs_store_id_period_pk";
