/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ClaimVerdictInput = {
  /**
   * With a credit: the claimed click as review answered it (`Click.occurredAt` and `Click.receipt`). Shop
   * credits only a click review signed for that widget and for the line's store and product, clicked no later
   * than the order was placed; otherwise the whole call is refused (BAD_USER_INPUT) and nothing is written.
   */
  clickedAt?: string | null | undefined;
  /** The widget the line is credited to; null: the claim credits nothing. */
  creditedWidgetId?: string | number | null | undefined;
  lineRef: string | number;
  receipt?: string | null | undefined;
};

export type ClickLookupInput = {
  clickId: string | number;
  /** ISO 8601 instants: the click must have happened between them (both inclusive). */
  from: string;
  to: string;
};

export type HoldoutVerdict =
  /** The interval is above zero: the widget added revenue. */
  | 'ADDED'
  /** The interval spans zero. */
  | 'NOT_CONCLUSIVE'
  /** The interval is below zero: the widget took revenue away. */
  | 'TOOK_AWAY'
  /** Fewer than the minimum visitors or orders in a group: no verdict yet. */
  | 'TOO_EARLY';

export type ReportCadence =
  | 'BOTH'
  | 'MONTHLY'
  | 'WEEKLY';

export type StoreActivityPageQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
  until: string;
}>;


export type StoreActivityPageQuery = { storesByIds: Array<{ id: string, name: string, timezone: string, locale: string, currency: string, reportRecipients: Array<string>, alertDestinations: { email: boolean, slack: { pausedAt: string | null, reports: boolean } | null }, activity: { recentEvents: number, dailyEvents: Array<number>, lastEventAt: string | null, widgets: Array<{ clicks: Array<number>, impressions: Array<number>, creditedOrders: Array<number>, widget: { id: string, name: string }, creditedSales: Array<{ amount: string }> }> } } | null> };

export type SlackDeliveriesQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type SlackDeliveriesQuery = { storesByIds: Array<{ id: string, slackDelivery: { url: string, setAt: string, paused: boolean } | null } | null> };

export type PauseSlackWebhookMutationVariables = Exact<{
  storeId: string | number;
  setAt: string;
  reason: string;
}>;


export type PauseSlackWebhookMutation = { pauseSlackWebhook: boolean };

export type PendingClickClaimsQueryVariables = Exact<{
  first: number;
  placedBefore?: string | null | undefined;
}>;


export type PendingClickClaimsQuery = { pendingClickClaims: Array<{ lineRef: string, storeId: string, productId: string, clickId: string, placedAt: string }> };

export type ClicksByIdsQueryVariables = Exact<{
  lookups: Array<ClickLookupInput> | ClickLookupInput;
}>;


export type ClicksByIdsQuery = { clicksByIds: Array<{ id: string, widgetId: string, storeId: string, productId: string | null, occurredAt: string, receipt: string } | null> };

export type RecordClaimVerdictsMutationVariables = Exact<{
  verdicts: Array<ClaimVerdictInput> | ClaimVerdictInput;
}>;


export type RecordClaimVerdictsMutation = { recordClaimVerdicts: number };

export type PendingConfirmationsQueryVariables = Exact<{ [key: string]: never; }>;


export type PendingConfirmationsQuery = { pendingConfirmations: Array<{ requestId: string, email: string, store: { id: string, name: string, locale: string } }> };

export type MarkConfirmationsMailedMutationVariables = Exact<{
  requestIds: Array<string | number> | string | number;
}>;


export type MarkConfirmationsMailedMutation = { markConfirmationsMailed: number };

export type MonthlyReportsQueryVariables = Exact<{
  storeIds: Array<string | number> | string | number;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
}>;


export type MonthlyReportsQuery = { storesByIds: Array<{ widgetProductIds: Array<string>, id: string, name: string, timezone: string, locale: string, currency: string, reportRecipients: Array<string>, clicks: number, previousClicks: number, sales: { unitsSold: number, attributedOrders: number, sales: { amount: string }, attributedSales: { amount: string } }, previousSales: { sales: { amount: string }, attributedSales: { amount: string } }, topWidgetsBetween: Array<{ clicks: number, previousClicks: number | null, impressions: number, ctr: number | null, widget: { id: string, name: string }, attributedSales: { amount: string } }>, holdouts: Array<{ share: number, widget: { name: string }, latestLook: { verdict: HoldoutVerdict, visitorsStillNeeded: number | null, incrementalRevenue: { value: { amount: string }, low: { amount: string }, high: { amount: string } } } | null }>, topProductsBetween: Array<{ unitsSold: number, product: { id: string, name: string, imageUrl: string | null, url: string | null }, sales: { amount: string, currency: string }, previousSales: { amount: string, currency: string } }>, alertDestinations: { slack: { reports: boolean, pausedAt: string | null } | null } } | null> };

export type ReportStoreFragment = { id: string, name: string, timezone: string, locale: string, currency: string, reportRecipients: Array<string>, alertDestinations: { slack: { reports: boolean, pausedAt: string | null } | null } };

export type ReportProductFragment = { unitsSold: number, product: { id: string, name: string, imageUrl: string | null, url: string | null }, sales: { amount: string, currency: string }, previousSales: { amount: string, currency: string } };

export type StoreBasicsQueryVariables = Exact<{
  storeId: string | number;
}>;


export type StoreBasicsQuery = { store: { id: string, name: string, timezone: string, locale: string, currency: string, reportRecipients: Array<string>, alertDestinations: { slack: { reports: boolean, pausedAt: string | null } | null } } | null };

export type StoresPageQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type StoresPageQuery = { stores: { edges: Array<{ node: { id: string, timezone: string, listDesignerEnabled: boolean, reportSchedule: { dayOfWeek: number, hour: number, paused: boolean, cadence: ReportCadence }, alertDestinations: { email: boolean, slack: { pausedAt: string | null } | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WeeklyReportFieldsFragment = { widgetProductIds: Array<string>, id: string, name: string, timezone: string, locale: string, currency: string, reportRecipients: Array<string>, clickSeries: Array<{ clicks: number }> | null, salesSeries: Array<{ unitsSold: number, attributedOrders: number, sales: { amount: string }, attributedSales: { amount: string } }> | null, topWidgets: Array<{ clicks: number, previousClicks: number, impressions: number, ctr: number | null, widget: { id: string, name: string }, attributedSales: { amount: string } }>, holdouts: Array<{ share: number, widget: { name: string }, latestLook: { verdict: HoldoutVerdict, visitorsStillNeeded: number | null, incrementalRevenue: { value: { amount: string }, low: { amount: string }, high: { amount: string } } } | null }>, topProducts: Array<{ unitsSold: number, product: { id: string, name: string, imageUrl: string | null, url: string | null }, sales: { amount: string, currency: string }, previousSales: { amount: string, currency: string } }>, alertDestinations: { slack: { reports: boolean, pausedAt: string | null } | null } };

export type ReportHoldoutFragment = { share: number, widget: { name: string }, latestLook: { verdict: HoldoutVerdict, visitorsStillNeeded: number | null, incrementalRevenue: { value: { amount: string }, low: { amount: string }, high: { amount: string } } } | null };

export type WeeklyReportQueryVariables = Exact<{
  storeId: string | number;
  week?: string | null | undefined;
}>;


export type WeeklyReportQuery = { store: { widgetProductIds: Array<string>, id: string, name: string, timezone: string, locale: string, currency: string, reportRecipients: Array<string>, clickSeries: Array<{ clicks: number }> | null, salesSeries: Array<{ unitsSold: number, attributedOrders: number, sales: { amount: string }, attributedSales: { amount: string } }> | null, topWidgets: Array<{ clicks: number, previousClicks: number, impressions: number, ctr: number | null, widget: { id: string, name: string }, attributedSales: { amount: string } }>, holdouts: Array<{ share: number, widget: { name: string }, latestLook: { verdict: HoldoutVerdict, visitorsStillNeeded: number | null, incrementalRevenue: { value: { amount: string }, low: { amount: string }, high: { amount: string } } } | null }>, topProducts: Array<{ unitsSold: number, product: { id: string, name: string, imageUrl: string | null, url: string | null }, sales: { amount: string, currency: string }, previousSales: { amount: string, currency: string } }>, alertDestinations: { slack: { reports: boolean, pausedAt: string | null } | null } } | null };

export type WeeklyReportsQueryVariables = Exact<{
  storeIds: Array<string | number> | string | number;
  week?: string | null | undefined;
}>;


export type WeeklyReportsQuery = { storesByIds: Array<{ widgetProductIds: Array<string>, id: string, name: string, timezone: string, locale: string, currency: string, reportRecipients: Array<string>, clickSeries: Array<{ clicks: number }> | null, salesSeries: Array<{ unitsSold: number, attributedOrders: number, sales: { amount: string }, attributedSales: { amount: string } }> | null, topWidgets: Array<{ clicks: number, previousClicks: number, impressions: number, ctr: number | null, widget: { id: string, name: string }, attributedSales: { amount: string } }>, holdouts: Array<{ share: number, widget: { name: string }, latestLook: { verdict: HoldoutVerdict, visitorsStillNeeded: number | null, incrementalRevenue: { value: { amount: string }, low: { amount: string }, high: { amount: string } } } | null }>, topProducts: Array<{ unitsSold: number, product: { id: string, name: string, imageUrl: string | null, url: string | null }, sales: { amount: string, currency: string }, previousSales: { amount: string, currency: string } }>, alertDestinations: { slack: { reports: boolean, pausedAt: string | null } | null } } | null> };

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
export const ReportStoreFragmentDoc = new TypedDocumentString(`
    fragment ReportStore on Store {
  id
  name
  timezone
  locale
  currency
  reportRecipients
  alertDestinations {
    slack {
      reports
      pausedAt
    }
  }
}
    `, {"fragmentName":"ReportStore"}) as unknown as TypedDocumentString<ReportStoreFragment, unknown>;
export const ReportHoldoutFragmentDoc = new TypedDocumentString(`
    fragment ReportHoldout on HoldoutRun {
  share
  widget {
    name
  }
  latestLook {
    verdict
    visitorsStillNeeded
    incrementalRevenue {
      value {
        amount
      }
      low {
        amount
      }
      high {
        amount
      }
    }
  }
}
    `, {"fragmentName":"ReportHoldout"}) as unknown as TypedDocumentString<ReportHoldoutFragment, unknown>;
export const ReportProductFragmentDoc = new TypedDocumentString(`
    fragment ReportProduct on ProductSales {
  product {
    id
    name
    imageUrl
    url
  }
  sales {
    amount
    currency
  }
  previousSales {
    amount
    currency
  }
  unitsSold
}
    `, {"fragmentName":"ReportProduct"}) as unknown as TypedDocumentString<ReportProductFragment, unknown>;
export const WeeklyReportFieldsFragmentDoc = new TypedDocumentString(`
    fragment WeeklyReportFields on Store {
  ...ReportStore
  widgetProductIds
  clickSeries(toWeek: $week, weeks: 2) {
    clicks
  }
  salesSeries(toWeek: $week, weeks: 2) {
    sales {
      amount
    }
    unitsSold
    attributedSales {
      amount
    }
    attributedOrders
  }
  topWidgets(week: $week, first: 3) {
    widget {
      id
      name
    }
    clicks
    previousClicks
    impressions
    ctr
    attributedSales {
      amount
    }
  }
  holdouts {
    ...ReportHoldout
  }
  topProducts(week: $week, first: 3) {
    ...ReportProduct
  }
}
    fragment ReportStore on Store {
  id
  name
  timezone
  locale
  currency
  reportRecipients
  alertDestinations {
    slack {
      reports
      pausedAt
    }
  }
}
fragment ReportProduct on ProductSales {
  product {
    id
    name
    imageUrl
    url
  }
  sales {
    amount
    currency
  }
  previousSales {
    amount
    currency
  }
  unitsSold
}
fragment ReportHoldout on HoldoutRun {
  share
  widget {
    name
  }
  latestLook {
    verdict
    visitorsStillNeeded
    incrementalRevenue {
      value {
        amount
      }
      low {
        amount
      }
      high {
        amount
      }
    }
  }
}`, {"fragmentName":"WeeklyReportFields"}) as unknown as TypedDocumentString<WeeklyReportFieldsFragment, unknown>;
export const StoreActivityPageDocument = new TypedDocumentString(`
    query StoreActivityPage($ids: [ID!]!, $until: String!) {
  storesByIds(ids: $ids) {
    ...ReportStore
    alertDestinations {
      email
      slack {
        pausedAt
      }
    }
    activity(until: $until) {
      recentEvents
      dailyEvents
      lastEventAt
      widgets {
        widget {
          id
          name
        }
        clicks
        impressions
        creditedSales {
          amount
        }
        creditedOrders
      }
    }
  }
}
    fragment ReportStore on Store {
  id
  name
  timezone
  locale
  currency
  reportRecipients
  alertDestinations {
    slack {
      reports
      pausedAt
    }
  }
}`) as unknown as TypedDocumentString<StoreActivityPageQuery, StoreActivityPageQueryVariables>;
export const SlackDeliveriesDocument = new TypedDocumentString(`
    query SlackDeliveries($ids: [ID!]!) {
  storesByIds(ids: $ids) {
    id
    slackDelivery {
      url
      setAt
      paused
    }
  }
}
    `) as unknown as TypedDocumentString<SlackDeliveriesQuery, SlackDeliveriesQueryVariables>;
export const PauseSlackWebhookDocument = new TypedDocumentString(`
    mutation PauseSlackWebhook($storeId: ID!, $setAt: String!, $reason: String!) {
  pauseSlackWebhook(storeId: $storeId, setAt: $setAt, reason: $reason)
}
    `) as unknown as TypedDocumentString<PauseSlackWebhookMutation, PauseSlackWebhookMutationVariables>;
export const PendingClickClaimsDocument = new TypedDocumentString(`
    query PendingClickClaims($first: Int!, $placedBefore: String) {
  pendingClickClaims(first: $first, placedBefore: $placedBefore) {
    lineRef
    storeId
    productId
    clickId
    placedAt
  }
}
    `) as unknown as TypedDocumentString<PendingClickClaimsQuery, PendingClickClaimsQueryVariables>;
export const ClicksByIdsDocument = new TypedDocumentString(`
    query ClicksByIds($lookups: [ClickLookupInput!]!) {
  clicksByIds(lookups: $lookups) {
    id
    widgetId
    storeId
    productId
    occurredAt
    receipt
  }
}
    `) as unknown as TypedDocumentString<ClicksByIdsQuery, ClicksByIdsQueryVariables>;
export const RecordClaimVerdictsDocument = new TypedDocumentString(`
    mutation RecordClaimVerdicts($verdicts: [ClaimVerdictInput!]!) {
  recordClaimVerdicts(verdicts: $verdicts)
}
    `) as unknown as TypedDocumentString<RecordClaimVerdictsMutation, RecordClaimVerdictsMutationVariables>;
export const PendingConfirmationsDocument = new TypedDocumentString(`
    query PendingConfirmations {
  pendingConfirmations(first: 100) {
    requestId
    email
    store {
      id
      name
      locale
    }
  }
}
    `) as unknown as TypedDocumentString<PendingConfirmationsQuery, PendingConfirmationsQueryVariables>;
export const MarkConfirmationsMailedDocument = new TypedDocumentString(`
    mutation MarkConfirmationsMailed($requestIds: [ID!]!) {
  markConfirmationsMailed(requestIds: $requestIds)
}
    `) as unknown as TypedDocumentString<MarkConfirmationsMailedMutation, MarkConfirmationsMailedMutationVariables>;
export const MonthlyReportsDocument = new TypedDocumentString(`
    query MonthlyReports($storeIds: [ID!]!, $from: String!, $to: String!, $previousFrom: String!, $previousTo: String!) {
  storesByIds(ids: $storeIds) {
    ...ReportStore
    widgetProductIds
    clicks: clicksBetween(from: $from, to: $to)
    previousClicks: clicksBetween(from: $previousFrom, to: $previousTo)
    sales: salesBetween(from: $from, to: $to) {
      sales {
        amount
      }
      unitsSold
      attributedSales {
        amount
      }
      attributedOrders
    }
    previousSales: salesBetween(from: $previousFrom, to: $previousTo) {
      sales {
        amount
      }
      attributedSales {
        amount
      }
    }
    topWidgetsBetween(from: $from, to: $to, previousFrom: $previousFrom, first: 3) {
      widget {
        id
        name
      }
      clicks
      previousClicks
      impressions
      ctr
      attributedSales {
        amount
      }
    }
    holdouts {
      ...ReportHoldout
    }
    topProductsBetween(from: $from, to: $to, previousFrom: $previousFrom, first: 3) {
      ...ReportProduct
    }
  }
}
    fragment ReportStore on Store {
  id
  name
  timezone
  locale
  currency
  reportRecipients
  alertDestinations {
    slack {
      reports
      pausedAt
    }
  }
}
fragment ReportProduct on ProductSales {
  product {
    id
    name
    imageUrl
    url
  }
  sales {
    amount
    currency
  }
  previousSales {
    amount
    currency
  }
  unitsSold
}
fragment ReportHoldout on HoldoutRun {
  share
  widget {
    name
  }
  latestLook {
    verdict
    visitorsStillNeeded
    incrementalRevenue {
      value {
        amount
      }
      low {
        amount
      }
      high {
        amount
      }
    }
  }
}`) as unknown as TypedDocumentString<MonthlyReportsQuery, MonthlyReportsQueryVariables>;
export const StoreBasicsDocument = new TypedDocumentString(`
    query StoreBasics($storeId: ID!) {
  store(id: $storeId) {
    ...ReportStore
  }
}
    fragment ReportStore on Store {
  id
  name
  timezone
  locale
  currency
  reportRecipients
  alertDestinations {
    slack {
      reports
      pausedAt
    }
  }
}`) as unknown as TypedDocumentString<StoreBasicsQuery, StoreBasicsQueryVariables>;
export const StoresPageDocument = new TypedDocumentString(`
    query StoresPage($after: String) {
  stores(first: 200, after: $after) {
    edges {
      node {
        id
        timezone
        listDesignerEnabled
        reportSchedule {
          dayOfWeek
          hour
          paused
          cadence
        }
        alertDestinations {
          email
          slack {
            pausedAt
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<StoresPageQuery, StoresPageQueryVariables>;
export const WeeklyReportDocument = new TypedDocumentString(`
    query WeeklyReport($storeId: ID!, $week: String) {
  store(id: $storeId) {
    ...WeeklyReportFields
  }
}
    fragment ReportStore on Store {
  id
  name
  timezone
  locale
  currency
  reportRecipients
  alertDestinations {
    slack {
      reports
      pausedAt
    }
  }
}
fragment ReportProduct on ProductSales {
  product {
    id
    name
    imageUrl
    url
  }
  sales {
    amount
    currency
  }
  previousSales {
    amount
    currency
  }
  unitsSold
}
fragment WeeklyReportFields on Store {
  ...ReportStore
  widgetProductIds
  clickSeries(toWeek: $week, weeks: 2) {
    clicks
  }
  salesSeries(toWeek: $week, weeks: 2) {
    sales {
      amount
    }
    unitsSold
    attributedSales {
      amount
    }
    attributedOrders
  }
  topWidgets(week: $week, first: 3) {
    widget {
      id
      name
    }
    clicks
    previousClicks
    impressions
    ctr
    attributedSales {
      amount
    }
  }
  holdouts {
    ...ReportHoldout
  }
  topProducts(week: $week, first: 3) {
    ...ReportProduct
  }
}
fragment ReportHoldout on HoldoutRun {
  share
  widget {
    name
  }
  latestLook {
    verdict
    visitorsStillNeeded
    incrementalRevenue {
      value {
        amount
      }
      low {
        amount
      }
      high {
        amount
      }
    }
  }
}`) as unknown as TypedDocumentString<WeeklyReportQuery, WeeklyReportQueryVariables>;
export const WeeklyReportsDocument = new TypedDocumentString(`
    query WeeklyReports($storeIds: [ID!]!, $week: String) {
  storesByIds(ids: $storeIds) {
    ...WeeklyReportFields
  }
}
    fragment ReportStore on Store {
  id
  name
  timezone
  locale
  currency
  reportRecipients
  alertDestinations {
    slack {
      reports
      pausedAt
    }
  }
}
fragment ReportProduct on ProductSales {
  product {
    id
    name
    imageUrl
    url
  }
  sales {
    amount
    currency
  }
  previousSales {
    amount
    currency
  }
  unitsSold
}
fragment WeeklyReportFields on Store {
  ...ReportStore
  widgetProductIds
  clickSeries(toWeek: $week, weeks: 2) {
    clicks
  }
  salesSeries(toWeek: $week, weeks: 2) {
    sales {
      amount
    }
    unitsSold
    attributedSales {
      amount
    }
    attributedOrders
  }
  topWidgets(week: $week, first: 3) {
    widget {
      id
      name
    }
    clicks
    previousClicks
    impressions
    ctr
    attributedSales {
      amount
    }
  }
  holdouts {
    ...ReportHoldout
  }
  topProducts(week: $week, first: 3) {
    ...ReportProduct
  }
}
fragment ReportHoldout on HoldoutRun {
  share
  widget {
    name
  }
  latestLook {
    verdict
    visitorsStillNeeded
    incrementalRevenue {
      value {
        amount
      }
      low {
        amount
      }
      high {
        amount
      }
    }
  }
}`) as unknown as TypedDocumentString<WeeklyReportsQuery, WeeklyReportsQueryVariables>;