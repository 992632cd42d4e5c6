ALTER TABLE "products" ADD COLUMN "platform_id" text;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_store_platform_id" UNIQUE("store_id","platform_id");