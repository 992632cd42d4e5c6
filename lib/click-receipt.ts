import { createHmac, timingSafeEqual } from "node:crypto";

/** A click as review recorded it, the part a claim's verdict rests on. */
export interface ReceiptedClick {
  clickId: string;
  widgetId: string;
  storeId: string;
  productId: string | null;
  /** ISO 8601, as the graph answers it. */
  occurredAt: string;
}

/**
 * Review's signature of a click it recorded (HMAC-SHA256 under SUBGRAPH_SECRET, which the subgraphs and
 * the gateway hold and the worker does not): the attribution job passes it on with each verdict, and shop
 * credits a widget only with a receipt of that click, for that widget, store and product. So the worker
 * decides claims but cannot invent a credit.
 */
export function clickReceipt(secret: string, click: ReceiptedClick): string {
  return createHmac("sha256", secret)
    .update(
      [
        "click-receipt",
        click.clickId,
        click.widgetId,
        click.storeId,
        click.productId ?? "",
        click.occurredAt,
      ].join("\n"),
    )
    .digest("base64url");
}

export function validClickReceipt(secret: string, click: ReceiptedClick, receipt: string): boolean {
  const expected = Buffer.from(clickReceipt(secret, click));
  const given = Buffer.from(receipt);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
