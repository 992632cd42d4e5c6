CREATE TYPE "public"."settings_action" AS ENUM('recipient_added', 'recipient_confirmed', 'recipient_removed', 'recipient_suppressed', 'schedule_changed', 'paused', 'resumed');--> statement-breakpoint
CREATE TYPE "public"."settings_actor" AS ENUM('store_token', 'settings_link', 'api_key', 'confirmation_link', 'unsubscribe_link', 'provider');--> statement-breakpoint
CREATE TABLE "pending_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"email" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"mailed_at" timestamp with time zone,
	CONSTRAINT "pending_recipients_store_email" UNIQUE("store_id","email")
);
--> statement-breakpoint
CREATE TABLE "settings_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "settings_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" "settings_action" NOT NULL,
	"email" text,
	"day" smallint,
	"hour" smallint,
	"actor" "settings_actor" NOT NULL,
	"actor_ref" text
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "report_day" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "report_hour" smallint DEFAULT 9 NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "report_paused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_recipients" ADD CONSTRAINT "pending_recipients_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings_changes" ADD CONSTRAINT "settings_changes_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_recipients_to_mail" ON "pending_recipients" USING btree ("requested_at") WHERE "pending_recipients"."mailed_at" is null;--> statement-breakpoint
CREATE INDEX "settings_changes_store_at" ON "settings_changes" USING btree ("store_id","at");--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_report_day_iso" CHECK ("stores"."report_day" between 1 and 7);--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_report_hour" CHECK ("stores"."report_hour" between 0 and 23);