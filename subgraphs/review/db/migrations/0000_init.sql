CREATE TABLE "click_ids" (
	"click_id" uuid PRIMARY KEY NOT NULL,
	"counted" boolean NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"image_url" text,
	"url" text
);
--> statement-breakpoint
CREATE TABLE "visitor_salts" (
	"day" date PRIMARY KEY NOT NULL,
	"salt" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visitor_windows" (
	"visitor" text NOT NULL,
	"widget_id" uuid NOT NULL,
	"last_counted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "visitor_windows_visitor_widget_id_pk" PRIMARY KEY("visitor","widget_id")
);
--> statement-breakpoint
CREATE TABLE "widget_clicks" (
	"click_id" uuid NOT NULL,
	"widget_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"product_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "widget_products" (
	"widget_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "widget_products_widget_id_product_id_pk" PRIMARY KEY("widget_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "widgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "widget_products" ADD CONSTRAINT "widget_products_widget_id_widgets_id_fk" FOREIGN KEY ("widget_id") REFERENCES "public"."widgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_products" ADD CONSTRAINT "widget_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "click_ids_seen_at" ON "click_ids" USING btree ("seen_at");--> statement-breakpoint
CREATE INDEX "products_store_id" ON "products" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "visitor_windows_last_counted_at" ON "visitor_windows" USING btree ("last_counted_at");--> statement-breakpoint
CREATE INDEX "widget_clicks_widget_occurred_at" ON "widget_clicks" USING btree ("widget_id","occurred_at");--> statement-breakpoint
CREATE INDEX "widget_products_product_id" ON "widget_products" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "widgets_store_id" ON "widgets" USING btree ("store_id");