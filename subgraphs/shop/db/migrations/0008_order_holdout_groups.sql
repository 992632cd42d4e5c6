CREATE TABLE "order_holdout_groups" (
	"order_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"held_out" boolean NOT NULL,
	CONSTRAINT "order_holdout_groups_order_id_run_id_pk" PRIMARY KEY("order_id","run_id")
);
--> statement-breakpoint
ALTER TABLE "order_holdout_groups" ADD CONSTRAINT "order_holdout_groups_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_holdout_groups_run_id" ON "order_holdout_groups" USING btree ("run_id");