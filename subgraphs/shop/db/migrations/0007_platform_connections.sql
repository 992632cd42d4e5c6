CREATE TYPE "public"."platform" AS ENUM('shopify', 'woocommerce');--> statement-breakpoint
CREATE TABLE "platform_connections" (
	"store_id" uuid NOT NULL,
	"platform" "platform" NOT NULL,
	"source" text NOT NULL,
	"sealed_secret" text NOT NULL,
	"connected_at" timestamp with time zone NOT NULL,
	"last_received_at" timestamp with time zone,
	"last_refused_at" timestamp with time zone,
	"last_refusal" text,
	"last_failed_at" timestamp with time zone,
	"last_failure" text,
	CONSTRAINT "platform_connections_store_id_platform_pk" PRIMARY KEY("store_id","platform"),
	CONSTRAINT "platform_connections_source" UNIQUE("platform","source")
);
--> statement-breakpoint
CREATE TABLE "platform_deliveries" (
	"store_id" uuid NOT NULL,
	"platform" "platform" NOT NULL,
	"delivery_id" text NOT NULL,
	"topic" text NOT NULL,
	"body" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "platform_deliveries_store_id_platform_delivery_id_pk" PRIMARY KEY("store_id","platform","delivery_id")
);
--> statement-breakpoint
CREATE TABLE "platform_orders" (
	"store_id" uuid NOT NULL,
	"platform" "platform" NOT NULL,
	"order_ref" text NOT NULL,
	"version" jsonb,
	"refunds" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"refunded_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "platform_orders_store_id_platform_order_ref_pk" PRIMARY KEY("store_id","platform","order_ref")
);
--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "product_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "platform_connections" ADD CONSTRAINT "platform_connections_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_deliveries" ADD CONSTRAINT "platform_deliveries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_orders" ADD CONSTRAINT "platform_orders_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "platform_deliveries_to_apply" ON "platform_deliveries" USING btree ("received_at") WHERE "platform_deliveries"."applied_at" is null;