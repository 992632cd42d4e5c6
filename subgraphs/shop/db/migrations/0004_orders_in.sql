CREATE TABLE "store_api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"scopes" text[] NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "order_lines_order_id_sales";--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "unit_price" SET DATA TYPE numeric(15, 3);--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "line_id" text DEFAULT gen_random_uuid()::text NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "refunded_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "refunded_amount" numeric(15, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "click_id" uuid;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "claim_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "credited_widget_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "external_id" text DEFAULT gen_random_uuid()::text NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "store_api_keys" ADD CONSTRAINT "store_api_keys_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_lines_pending_claims" ON "order_lines" USING btree ("id") WHERE "order_lines"."click_id" is not null and "order_lines"."claim_checked_at" is null;--> statement-breakpoint
CREATE INDEX "order_lines_order_id_sales" ON "order_lines" USING btree ("order_id","product_id","quantity","unit_price","refunded_quantity","refunded_amount","credited_widget_id");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_line_id" UNIQUE("order_id","line_id");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_store_external_id" UNIQUE("store_id","external_id");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_refund_within_line" CHECK ("order_lines"."refunded_quantity" between 0 and "order_lines"."quantity" and "order_lines"."refunded_amount" between 0 and "order_lines"."quantity" * "order_lines"."unit_price");