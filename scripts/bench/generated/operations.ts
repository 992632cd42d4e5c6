/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The group a browser drew for a holdout run. */
export type HoldoutGroup =
  /** Shown the widget. */
  | 'EXPOSED'
  /** Not shown the widget. */
  | 'HELD_OUT';

export type ImpressionInput = {
  /** A UUID the tracker makes for each impression, so a retried batch is counted once. */
  impressionId: string | number;
  widgetId: string | number;
};

export type OrderHoldoutGroupInput = {
  group: HoldoutGroup;
  runId: string | number;
};

export type OrderInput = {
  /** Must be the store's currency. */
  currency: string;
  /**
   * The buyer's browser's groups in the store's running holdouts, as the tracker gives them
   * (ListDesigner.holdoutGroups(), the hidden cart input): what splits orders between a widget's groups. At
   * most 50; kept as first stored.
   */
  holdoutGroups?: Array<OrderHoldoutGroupInput>;
  /** 1 to 100 lines. */
  lines: Array<OrderLineInput>;
  /** The store's own order id (1 to 100 characters). */
  orderId: string;
  /** ISO 8601 instant with an offset, e.g. 2026-11-18T12:00:00Z. */
  placedAt: string;
  /** Everything refunded so far, by line; it replaces what an earlier version said. */
  refunds?: Array<RefundInput>;
  status: OrderStatus;
  storeId: string | number;
  /** When the store last changed the order (ISO 8601 instant): only a later one replaces the stored order. */
  updatedAt: string;
};

export type OrderLineInput = {
  /** The widget click that led to this line, as the tracker gives it (ListDesigner.clickFor). */
  clickId?: string | number | null | undefined;
  /** The store's own line id, unique within the order (1 to 100 characters). */
  lineId: string;
  productId: string | number;
  /** 1 to 10,000. */
  quantity: number;
  /** Decimal string with no more fractional digits than the currency has (KRW 0, USD 2, BHD 3). */
  unitPrice: string;
};

export type OrderStatus =
  | 'CANCELLED'
  | 'FULFILLED'
  | 'PAID'
  | 'REFUNDED';

export type RecordClickInput = {
  /** A UUID the widget makes for each click, so a retried request is stored once. */
  clickId: string | number;
  /** The product clicked, if the click was on one; it must be shown in the widget. */
  productId?: string | number | null | undefined;
  widgetId: string | number;
};

export type RecordImpressionsInput = {
  impressions: Array<ImpressionInput>;
};

export type RecordSlotViewsInput = {
  slotViews: Array<SlotViewInput>;
};

export type RefundInput = {
  /** Decimal string; a line's refunds add up to at most its total. */
  amount: string;
  lineId: string;
  /** Units refunded (0 for a money-only refund); a line's refunds add up to at most its quantity. */
  quantity: number;
};

export type SlotViewInput = {
  /** True for the browser's first slot view of the run: it counts the browser as one of its group's visitors. */
  firstInRun: boolean;
  group: HoldoutGroup;
  /** The holdout run (what names the widget). */
  runId: string | number;
  /** A UUID the tracker makes for each slot view (the browser's first of a run keeps its own, for retries). */
  slotViewId: string | number;
};

export type UpsertOutcome =
  | 'CREATED'
  | 'UNCHANGED'
  | 'UPDATED';

export type RecordClickMutationVariables = Exact<{
  input: RecordClickInput;
}>;


export type RecordClickMutation = { recordClick: { accepted: boolean, duplicate: boolean } };

export type RecordImpressionsMutationVariables = Exact<{
  input: RecordImpressionsInput;
}>;


export type RecordImpressionsMutation = { recordImpressions: { results: Array<{ accepted: boolean }> } };

export type RecordSlotViewsMutationVariables = Exact<{
  input: RecordSlotViewsInput;
}>;


export type RecordSlotViewsMutation = { recordSlotViews: { results: Array<{ accepted: boolean }> } };

export type UpsertOrderMutationVariables = Exact<{
  input: OrderInput;
}>;


export type UpsertOrderMutation = { upsertOrder: { orderId: string, outcome: UpsertOutcome } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const RecordClickDocument = new TypedDocumentString(`
    mutation RecordClick($input: RecordClickInput!) {
  recordClick(input: $input) {
    accepted
    duplicate
  }
}
    `) as unknown as TypedDocumentString<RecordClickMutation, RecordClickMutationVariables>;
export const RecordImpressionsDocument = new TypedDocumentString(`
    mutation RecordImpressions($input: RecordImpressionsInput!) {
  recordImpressions(input: $input) {
    results {
      accepted
    }
  }
}
    `) as unknown as TypedDocumentString<RecordImpressionsMutation, RecordImpressionsMutationVariables>;
export const RecordSlotViewsDocument = new TypedDocumentString(`
    mutation RecordSlotViews($input: RecordSlotViewsInput!) {
  recordSlotViews(input: $input) {
    results {
      accepted
    }
  }
}
    `) as unknown as TypedDocumentString<RecordSlotViewsMutation, RecordSlotViewsMutationVariables>;
export const UpsertOrderDocument = new TypedDocumentString(`
    mutation UpsertOrder($input: OrderInput!) {
  upsertOrder(input: $input) {
    orderId
    outcome
  }
}
    `) as unknown as TypedDocumentString<UpsertOrderMutation, UpsertOrderMutationVariables>;