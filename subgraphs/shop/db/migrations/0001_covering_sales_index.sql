DROP INDEX "order_lines_order_id";--> statement-breakpoint
CREATE INDEX "order_lines_order_id_sales" ON "order_lines" USING btree ("order_id","product_id","quantity","unit_price");