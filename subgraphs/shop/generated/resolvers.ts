import type { GraphQLResolveInfo } from 'graphql';
import type { StoreParent as StoreParentModel } from '../resolvers/Store.ts';
import type { ProductRef as ProductRefModel } from '../resolvers/Product.ts';
import type { WidgetWeekRef as WidgetWeekRefModel, WidgetRangeRef as WidgetRangeRefModel, WidgetActivityRef as WidgetActivityRefModel } from '../resolvers/WidgetFigures.ts';
import type { HoldoutRunRef as HoldoutRunRefModel } from '../resolvers/HoldoutRun.ts';
import type { ShopContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** Where a store's alerts go (and, if asked, its reports' summaries besides the email). */
export type AlertDestinations = {
  __typename?: 'AlertDestinations';
  /** Alerts go by email to the report's recipients. */
  email: Scalars['Boolean']['output'];
  /** The Slack incoming webhook, if one is set. */
  slack?: Maybe<SlackDestination>;
};

export type AlertDestinationsInput = {
  /** Alerts by email to the report's recipients. */
  email?: InputMaybe<Scalars['Boolean']['input']>;
  /** Removes the Slack webhook. */
  removeSlack?: InputMaybe<Scalars['Boolean']['input']>;
  /** Posts the reports' summaries to Slack too. */
  slackReports?: InputMaybe<Scalars['Boolean']['input']>;
  /** A Slack incoming webhook (https://hooks.slack.com/services/...): replaces the one set, and lifts a pause. */
  slackWebhookUrl?: InputMaybe<Scalars['String']['input']>;
};

export type ApplyPlatformDeliveriesInput = {
  deliveries: Array<PlatformDeliveryKey>;
  products: Array<PlatformProductInput>;
};

export type ClaimVerdictInput = {
  /**
   * With a credit: the claimed click as review answered it (`Click.occurredAt` and `Click.receipt`). Shop
   * credits only a click review signed for that widget and for the line's store and product, clicked no later
   * than the order was placed; otherwise the whole call is refused (BAD_USER_INPUT) and nothing is written.
   */
  clickedAt?: InputMaybe<Scalars['String']['input']>;
  /** The widget the line is credited to; null: the claim credits nothing. */
  creditedWidgetId?: InputMaybe<Scalars['ID']['input']>;
  lineRef: Scalars['ID']['input'];
  receipt?: InputMaybe<Scalars['String']['input']>;
};

/** An order line's claim that a widget click led to it. */
export type ClickClaim = {
  __typename?: 'ClickClaim';
  clickId: Scalars['ID']['output'];
  /** Opaque reference of the order line, for recordClaimVerdicts. */
  lineRef: Scalars['ID']['output'];
  placedAt: Scalars['String']['output'];
  productId: Scalars['ID']['output'];
  storeId: Scalars['ID']['output'];
};

export type EmailEventInput = {
  /** What the provider said, e.g. a bounce's type and message. */
  detail: Scalars['String']['input'];
  email: Scalars['String']['input'];
  /** The delivery's id (the webhook-id header): the same event delivered twice is handled once. */
  eventId: Scalars['String']['input'];
  kind: EmailEventKind;
  /** ISO 8601 instant of the event. */
  occurredAt: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
};

export type EmailEventKind =
  /** The recipient marked the report as spam. */
  | 'COMPLAINT'
  /** The address does not exist or refuses mail for good. */
  | 'HARD_BOUNCE'
  /** A bounce that may pass (a full mailbox): recorded, nothing suppressed. */
  | 'SOFT_BOUNCE';

export type EmailEventOutcome = {
  __typename?: 'EmailEventOutcome';
  /** True when this event had been recorded before: nothing changed. */
  duplicate: Scalars['Boolean']['output'];
  /** True when this event suppressed the address. */
  suppressed: Scalars['Boolean']['output'];
};

/** An estimate and its 95 % interval (at the look's boundary). */
export type FloatInterval = {
  __typename?: 'FloatInterval';
  high: Scalars['Float']['output'];
  low: Scalars['Float']['output'];
  value: Scalars['Float']['output'];
};

/** The group a browser drew for a holdout run. */
export type HoldoutGroup =
  /** Shown the widget. */
  | 'EXPOSED'
  /** Not shown the widget. */
  | 'HELD_OUT';

export type HoldoutGroupFigures = {
  __typename?: 'HoldoutGroupFigures';
  /** Orders per visitor. */
  conversion: Scalars['Float']['output'];
  orders: Scalars['Int']['output'];
  revenue: Money;
  revenuePerVisitor: Money;
  /** Browsers that had the widget's slot on a page, in this group. */
  visitors: Scalars['Int']['output'];
};

/** A holdout's result from its start to the end of one of its weeks. */
export type HoldoutLook = {
  __typename?: 'HoldoutLook';
  /** The z this look's interval uses (wider at early looks). */
  boundary: Scalars['Float']['output'];
  /** Exposed minus held-out orders per visitor. */
  conversionDifference: FloatInterval;
  exposed: HoldoutGroupFigures;
  heldOut: HoldoutGroupFigures;
  /** What the widget added: the revenue-per-visitor difference times the exposed visitors. */
  incrementalRevenue: MoneyInterval;
  /** That difference as a fraction of the held-out revenue per visitor; null while the held-out group bought nothing. */
  relativeLift?: Maybe<FloatInterval>;
  /** Exposed minus held-out revenue per visitor. */
  revenuePerVisitorDifference: MoneyInterval;
  verdict: HoldoutVerdict;
  /**
   * When the verdict is not there yet: visitors (both groups) still needed, at the run's pace, before a look
   * whose interval the difference would clear if it stayed as it is; null when no difference shows.
   */
  visitorsStillNeeded?: Maybe<Scalars['Int']['output']>;
  /** 1 for the run's first seven days, and so on. */
  week: Scalars['Int']['output'];
};

/**
 * A run of a widget's holdout (review owns it: its share, dates and visitors). Shop reads the orders each
 * group placed and gives the result.
 */
export type HoldoutRun = {
  __typename?: 'HoldoutRun';
  id: Scalars['ID']['output'];
  /** The latest of `looks`: what the weekly email says; null before the run's first whole week. */
  latestLook?: Maybe<HoldoutLook>;
  /**
   * The run's result at each of its weekly looks (from its start to the end of that week: the visitors who
   * had the widget's slot, and the paid or fulfilled orders, net of refunds, carrying the run's group),
   * oldest first; the last is the latest. Intervals are 95 % over the run's eight planned weekly looks
   * (O'Brien-Fleming boundaries), so reading every week does not make a verdict less honest; none is
   * given before 1,000 visitors and 100 orders in each group. Method: docs/holdouts.md.
   */
  looks: Array<HoldoutLook>;
  startedAt: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
  visitorWeeks: Array<HoldoutVisitorWeek>;
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

/** A run's visitors and slot views per group, from its start to the end of its `week`-th week. */
export type HoldoutVisitorWeek = {
  __typename?: 'HoldoutVisitorWeek';
  exposedSlotViews: Scalars['Int']['output'];
  exposedVisitors: Scalars['Int']['output'];
  heldOutSlotViews: Scalars['Int']['output'];
  heldOutVisitors: Scalars['Int']['output'];
  week: Scalars['Int']['output'];
};

/** An exact amount of money. */
export type Money = {
  __typename?: 'Money';
  /** Decimal string, never a float, e.g. 12500.00. */
  amount: Scalars['String']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
};

/** An estimate and its 95 % interval (at the look's boundary), in money. */
export type MoneyInterval = {
  __typename?: 'MoneyInterval';
  high: Money;
  low: Money;
  value: Money;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Asks to add an address to a store's report recipients (settings access: the store's own token, its
   * settings link or a key with settings:write). The address receives reports only once its owner follows
   * the link of the confirmation email, valid 7 days. Asking again for a pending or unsubscribed address sends
   * a new link (only the newest one confirms), at most once a day per address and 20 addresses a day per store
   * (TOO_MANY_REQUESTS beyond, nothing sent); a confirmed recipient is left as it is; an address that bounced
   * or complained is refused (BAD_USER_INPUT): it is sent nothing again.
   */
  addReportRecipient: Store;
  /**
   * Gateway only: applies recorded deliveries (at most 100) to their stores' orders, each in its own
   * transaction, under the same rules as upsertOrder; an outcome per delivery, in order. `products` maps
   * each store's platform product ids to the catalogue's (null: a product it does not know); a delivery
   * whose order names one not given is not applied, and its `missingProducts` lists them. Applying a
   * delivery already applied changes nothing.
   */
  applyPlatformDeliveries: Array<PlatformDeliveryOutcome>;
  /**
   * Service only (the gateway): the store and scopes of a store API key, by its id and the SHA-256 of its
   * secret part; null for an unknown, revoked or wrong key. A match records when the key was last used, to
   * the hour; a wrong secret records nothing.
   */
  authenticateStoreKey?: Maybe<StoreKeyGrant>;
  /**
   * Service only (the gateway's confirmation link): adds the address of a pending request, if that request
   * is still the address's newest and no more than 7 days old, and lifts its suppression. Null when the
   * request is unknown, replaced, withdrawn or expired: nothing changes then.
   */
  confirmReportRecipient?: Maybe<Store>;
  /**
   * Service only (the worker): notes that the confirmation emails of these requests are queued, so they
   * leave pendingConfirmations. Returns how many it marked.
   */
  markConfirmationsMailed: Scalars['Int']['output'];
  /**
   * Service only (the worker's alerts scope): Slack refused the webhook set at `setAt` for good; it is paused
   * and the settings page says why. False when another webhook has been set since (nothing changes).
   */
  pauseSlackWebhook: Scalars['Boolean']['output'];
  /**
   * Gateway only: a shop platform's webhook delivery, as received. Its signature is checked against the
   * connection's secret before anything is read (UNAUTHENTICATED when it does not hold, nothing written);
   * then it is recorded, once per delivery id, to be applied with applyPlatformDelivery.
   */
  receivePlatformWebhook: PlatformWebhookReceipt;
  /**
   * Service only (the attribution job): each claim's verdict, the widget it is credited to or null for none.
   * A claim already decided keeps its first verdict. Returns how many claims this call decided.
   */
  recordClaimVerdicts: Scalars['Int']['output'];
  /**
   * Service only (the gateway's Resend webhook): what the provider reported of a report email. A hard bounce
   * or a complaint suppresses the address for its store at once: it leaves the store's report recipients
   * and is listed in suppressedRecipients. An event already recorded (by its id) changes nothing.
   */
  recordEmailEvent: EmailEventOutcome;
  /**
   * Removes an address from a store's report recipients, or its pending request (settings access, or the
   * address's own unsubscribe link). Removing an absent address is a no-op.
   */
  removeReportRecipient: Store;
  /**
   * Where alerts go: by email to the report's recipients and/or to a Slack incoming webhook, which only a
   * hooks.slack.com/services address can be (BAD_USER_INPUT otherwise). Fields left out stay as they are
   * (the store's own token or a key with settings:write; an emailed settings link manages emails only).
   */
  setAlertDestinations: Store;
  /** Which reports go out: weekly, monthly (on the 1st of each month, at the report's hour) or both (settings access). */
  setReportCadence: Store;
  /** Pauses the weekly report (nothing is sent) or resumes it (settings access). */
  setReportPaused: Store;
  /**
   * When the weekly report goes out, in the store's timezone (settings access). A report moved within a week
   * still goes out once for it: at the new time if that is still ahead, else at the next dispatch.
   */
  setReportSchedule: Store;
  /**
   * Creates or updates one order of a store (a store API key with the orders:write scope). Idempotent on
   * (storeId, orderId): the same call twice changes nothing; a call with a later updatedAt replaces the
   * status and refunds (and adds lines not seen before; known lines never change); one with an earlier or
   * equal updatedAt changes nothing (webhooks arrive out of order). Invalid input is refused whole with
   * BAD_USER_INPUT naming the field, and nothing is written.
   */
  upsertOrder: UpsertOrderPayload;
};


export type MutationAddReportRecipientArgs = {
  email: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
};


export type MutationApplyPlatformDeliveriesArgs = {
  input: ApplyPlatformDeliveriesInput;
};


export type MutationAuthenticateStoreKeyArgs = {
  keyId: Scalars['String']['input'];
  secretHash: Scalars['String']['input'];
};


export type MutationConfirmReportRecipientArgs = {
  email: Scalars['String']['input'];
  requestId: Scalars['ID']['input'];
  storeId: Scalars['ID']['input'];
};


export type MutationMarkConfirmationsMailedArgs = {
  requestIds: Array<Scalars['ID']['input']>;
};


export type MutationPauseSlackWebhookArgs = {
  reason: Scalars['String']['input'];
  setAt: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
};


export type MutationReceivePlatformWebhookArgs = {
  input: PlatformWebhookInput;
};


export type MutationRecordClaimVerdictsArgs = {
  verdicts: Array<ClaimVerdictInput>;
};


export type MutationRecordEmailEventArgs = {
  input: EmailEventInput;
};


export type MutationRemoveReportRecipientArgs = {
  email: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
};


export type MutationSetAlertDestinationsArgs = {
  input: AlertDestinationsInput;
  storeId: Scalars['ID']['input'];
};


export type MutationSetReportCadenceArgs = {
  cadence: ReportCadence;
  storeId: Scalars['ID']['input'];
};


export type MutationSetReportPausedArgs = {
  paused: Scalars['Boolean']['input'];
  storeId: Scalars['ID']['input'];
};


export type MutationSetReportScheduleArgs = {
  dayOfWeek: Scalars['Int']['input'];
  hour: Scalars['Int']['input'];
  storeId: Scalars['ID']['input'];
};


export type MutationUpsertOrderArgs = {
  input: OrderInput;
};

export type OrderHoldoutGroupInput = {
  group: HoldoutGroup;
  runId: Scalars['ID']['input'];
};

export type OrderInput = {
  /** Must be the store's currency. */
  currency: Scalars['String']['input'];
  /**
   * The buyer's browser's groups in the store's running holdouts, as the tracker gives them
   * (ListDesigner.holdoutGroups(), the hidden cart input): what splits orders between a widget's groups. At
   * most 50; kept as first stored.
   */
  holdoutGroups?: Array<OrderHoldoutGroupInput>;
  /** 1 to 100 lines. */
  lines: Array<OrderLineInput>;
  /** The store's own order id (1 to 100 characters). */
  orderId: Scalars['String']['input'];
  /** ISO 8601 instant with an offset, e.g. 2026-11-18T12:00:00Z. */
  placedAt: Scalars['String']['input'];
  /** Everything refunded so far, by line; it replaces what an earlier version said. */
  refunds?: Array<RefundInput>;
  status: OrderStatus;
  storeId: Scalars['ID']['input'];
  /** When the store last changed the order (ISO 8601 instant): only a later one replaces the stored order. */
  updatedAt: Scalars['String']['input'];
};

export type OrderLineInput = {
  /** The widget click that led to this line, as the tracker gives it (ListDesigner.clickFor). */
  clickId?: InputMaybe<Scalars['ID']['input']>;
  /** The store's own line id, unique within the order (1 to 100 characters). */
  lineId: Scalars['String']['input'];
  productId: Scalars['ID']['input'];
  /** 1 to 10,000. */
  quantity: Scalars['Int']['input'];
  /** Decimal string with no more fractional digits than the currency has (KRW 0, USD 2, BHD 3). */
  unitPrice: Scalars['String']['input'];
};

export type OrderStatus =
  | 'CANCELLED'
  | 'FULFILLED'
  | 'PAID'
  | 'REFUNDED';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** An address asked for and not confirmed yet: it receives nothing until then. */
export type PendingRecipient = {
  __typename?: 'PendingRecipient';
  email: Scalars['String']['output'];
  /** Whether that time has passed. */
  expired: Scalars['Boolean']['output'];
  /** When its confirmation link stops working (ISO 8601); asking again sends a new one. */
  expiresAt: Scalars['String']['output'];
  /** ISO 8601 instant. */
  requestedAt: Scalars['String']['output'];
};

/** The sales of a store's widget products between two dates, and those credited to widget clicks. */
export type PeriodSales = {
  __typename?: 'PeriodSales';
  attributedOrders: Scalars['Int']['output'];
  attributedSales: Money;
  from: Scalars['String']['output'];
  sales: Money;
  to: Scalars['String']['output'];
  unitsSold: Scalars['Int']['output'];
};

/** A shop platform whose signed webhooks bring a store's orders in. */
export type Platform =
  | 'SHOPIFY'
  | 'WOOCOMMERCE';

/** A store's connection to its shop platform (settings access). */
export type PlatformConnection = {
  __typename?: 'PlatformConnection';
  /** ISO 8601 instants. */
  connectedAt: Scalars['String']['output'];
  /** The last delivery taken but not stored as an order (another currency, an order that breaks a rule) and why. */
  lastFailedAt?: Maybe<Scalars['String']['output']>;
  lastFailure?: Maybe<Scalars['String']['output']>;
  lastReceivedAt?: Maybe<Scalars['String']['output']>;
  lastRefusal?: Maybe<Scalars['String']['output']>;
  /** The last delivery refused (a wrong or missing signature) and why. */
  lastRefusedAt?: Maybe<Scalars['String']['output']>;
  platform: Platform;
  /** Where its webhooks come from: the myshopify.com domain, or the WooCommerce site's address. */
  source: Scalars['String']['output'];
  /** The topics to subscribe to. */
  topics: Array<Scalars['String']['output']>;
  /** The gateway path to register as the webhooks' address (beside /graphql). */
  webhookPath: Scalars['String']['output'];
};

export type PlatformDeliveryKey = {
  deliveryId: Scalars['String']['input'];
  platform: Platform;
  storeId: Scalars['ID']['input'];
};

export type PlatformDeliveryOutcome = {
  __typename?: 'PlatformDeliveryOutcome';
  /** True once the delivery is applied (by this call or before). */
  applied: Scalars['Boolean']['output'];
  /** What applying it did: the order's outcome, or why it was not taken as an order. */
  detail: Scalars['String']['output'];
  missingProducts: Array<Scalars['String']['output']>;
};

/** A platform delivery recorded and not applied yet. */
export type PlatformDeliveryRef = {
  __typename?: 'PlatformDeliveryRef';
  deliveryId: Scalars['String']['output'];
  platform: Platform;
  storeId: Scalars['ID']['output'];
};

export type PlatformProductInput = {
  platformId: Scalars['String']['input'];
  /** The catalogue's product, or null when it has none with that platform id. */
  productId?: InputMaybe<Scalars['ID']['input']>;
  storeId: Scalars['ID']['input'];
};

export type PlatformWebhookInput = {
  /** The body exactly as received, base64. */
  body: Scalars['String']['input'];
  /** X-Shopify-Webhook-Id, or X-WC-Webhook-Delivery-ID. */
  deliveryId: Scalars['String']['input'];
  platform: Platform;
  /** X-Shopify-Hmac-Sha256, or X-WC-Webhook-Signature: base64 HMAC-SHA256 of the body. */
  signature: Scalars['String']['input'];
  /** X-Shopify-Shop-Domain, or X-WC-Webhook-Source. */
  source: Scalars['String']['input'];
  /** X-Shopify-Topic, or X-WC-Webhook-Topic. */
  topic: Scalars['String']['input'];
};

export type PlatformWebhookReceipt = {
  __typename?: 'PlatformWebhookReceipt';
  /** True when this delivery was recorded before: nothing changed. */
  duplicate: Scalars['Boolean']['output'];
  /** The platform product ids of the order it is about, to look up before it is applied. */
  platformProductIds: Array<Scalars['String']['output']>;
  storeId: Scalars['ID']['output'];
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
  /** Sales between two dates (YYYY-MM-DD, both inclusive, at most 366 days) in the store's timezone. */
  sales: Money;
  /** Owned by review; shop needs the store for its currency and timezone. */
  store: Store;
  /** Units sold (and not refunded) in the ISO week (default: last completed). */
  unitsSold: Scalars['Int']['output'];
  /**
   * Σ (quantity × unit price − refunded) over lines of paid or fulfilled orders placed in the ISO week
   * (default: last completed).
   */
  weeklySales: Money;
};


export type ProductSalesArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type ProductUnitsSoldArgs = {
  week?: InputMaybe<Scalars['String']['input']>;
};


export type ProductWeeklySalesArgs = {
  week?: InputMaybe<Scalars['String']['input']>;
};

/** A product's sales in a week and in the week before. */
export type ProductSales = {
  __typename?: 'ProductSales';
  previousSales: Money;
  product: Product;
  sales: Money;
  unitsSold: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Service only (the attribution job): order lines whose claimed widget click is not decided yet, oldest
   * first, at most 1000; with `placedBefore` (ISO 8601), only those of orders placed before that instant
   * (what a week's report waits for).
   */
  pendingClickClaims: Array<ClickClaim>;
  /**
   * Service only (the worker): recipient requests whose confirmation email is still to be sent, oldest
   * first, at most 200; requests older than the link's 7 days are left out.
   */
  pendingConfirmations: Array<RecipientConfirmation>;
  /**
   * Gateway only: platform webhook deliveries recorded at least `olderThanSeconds` ago and not applied yet
   * (their gateway stopped between acknowledging and applying them), oldest first, at most 500.
   */
  pendingPlatformDeliveries: Array<PlatformDeliveryRef>;
  /** A store by id, or null when there is none. */
  store?: Maybe<Store>;
  /** All stores in id order, a page at a time. */
  stores: StoreConnection;
  /**
   * The stores with these ids (1 to 100), in the order asked; null for an id no store has. A page of stores'
   * weekly reports in one operation: the gateway reads it in as many subgraph fetches, and the subgraphs in
   * as many SQL statements, as one store's. A store's own token may ask only for its own id.
   */
  storesByIds: Array<Maybe<Store>>;
};


export type QueryPendingClickClaimsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  placedBefore?: InputMaybe<Scalars['String']['input']>;
};


export type QueryPendingConfirmationsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPendingPlatformDeliveriesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  olderThanSeconds: Scalars['Int']['input'];
};


export type QueryStoreArgs = {
  id: Scalars['ID']['input'];
};


export type QueryStoresArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStoresByIdsArgs = {
  ids: Array<Scalars['ID']['input']>;
};

/** A request to add a report recipient, waiting for its confirmation email. */
export type RecipientConfirmation = {
  __typename?: 'RecipientConfirmation';
  email: Scalars['String']['output'];
  requestId: Scalars['ID']['output'];
  /** ISO 8601 instant. */
  requestedAt: Scalars['String']['output'];
  store: Store;
};

export type RefundInput = {
  /** Decimal string; a line's refunds add up to at most its total. */
  amount: Scalars['String']['input'];
  lineId: Scalars['String']['input'];
  /** Units refunded (0 for a money-only refund); a line's refunds add up to at most its quantity. */
  quantity: Scalars['Int']['input'];
};

export type ReportCadence =
  | 'BOTH'
  | 'MONTHLY'
  | 'WEEKLY';

/** When a store's reports go out, in its timezone. */
export type ReportSchedule = {
  __typename?: 'ReportSchedule';
  /** Which reports go out. */
  cadence: ReportCadence;
  /** ISO day of week of the weekly report: 1 Monday … 7 Sunday. */
  dayOfWeek: Scalars['Int']['output'];
  /** 0 to 23, local time, of the weekly report and of the monthly one (on the 1st). */
  hour: Scalars['Int']['output'];
  paused: Scalars['Boolean']['output'];
};

export type SettingsAction =
  | 'ALERTS_CHANGED'
  | 'CADENCE_CHANGED'
  | 'PAUSED'
  | 'RECIPIENT_ADDED'
  | 'RECIPIENT_CONFIRMED'
  | 'RECIPIENT_REMOVED'
  | 'RECIPIENT_SUPPRESSED'
  | 'RESUMED'
  | 'SCHEDULE_CHANGED'
  | 'SLACK_PAUSED'
  | 'SLACK_REMOVED'
  | 'SLACK_SET';

export type SettingsActor =
  | 'API_KEY'
  | 'CONFIRMATION_LINK'
  | 'PROVIDER'
  | 'SETTINGS_LINK'
  | 'STORE_TOKEN'
  | 'UNSUBSCRIBE_LINK';

/** One change to a store's report settings. */
export type SettingsChange = {
  __typename?: 'SettingsChange';
  action: SettingsAction;
  /** ISO 8601 instant. */
  at: Scalars['String']['output'];
  by: SettingsActor;
  /** The settings link's address or the API key's id, for those actors. */
  byRef?: Maybe<Scalars['String']['output']>;
  /** The schedule a schedule change set. */
  dayOfWeek?: Maybe<Scalars['Int']['output']>;
  /** The address a recipient change is about. */
  email?: Maybe<Scalars['String']['output']>;
  hour?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
};

/** What the worker needs to post to a store's Slack (the service's alerts scope only). */
export type SlackDelivery = {
  __typename?: 'SlackDelivery';
  paused: Scalars['Boolean']['output'];
  reports: Scalars['Boolean']['output'];
  /** Names this webhook when the worker reports that Slack refused it. */
  setAt: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

export type SlackDestination = {
  __typename?: 'SlackDestination';
  /** The webhook's address with its secret part hidden. */
  hint: Scalars['String']['output'];
  /** When Slack refused the webhook (deleted, archived channel, revoked): nothing is posted until one is set again. */
  pausedAt?: Maybe<Scalars['String']['output']>;
  /** What Slack answered then. */
  pausedReason?: Maybe<Scalars['String']['output']>;
  /** The reports' summaries and dashboard links are posted there too. */
  reports: Scalars['Boolean']['output'];
  /** ISO 8601 instant the webhook was set. */
  setAt: Scalars['String']['output'];
};

export type Store = {
  __typename?: 'Store';
  /** Where the store's alerts go (settings access, and the service). */
  alertDestinations: AlertDestinations;
  /** ISO 4217 code of every amount in this store. */
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  listDesignerEnabled: Scalars['Boolean']['output'];
  /** Language of the store's reports, e.g. ko or en. */
  locale: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** Addresses asked for and not confirmed yet (settings access). */
  pendingRecipients: Array<PendingRecipient>;
  /** The shop platforms sending this store's orders (settings access). */
  platformConnections: Array<PlatformConnection>;
  /** Confirmed addresses the weekly report goes to (settings access, and the service). */
  reportRecipients: Array<Scalars['String']['output']>;
  /** When the weekly report goes out (settings access, and the service). */
  reportSchedule: ReportSchedule;
  /**
   * What `salesSeries` answers for a week, between two dates instead (YYYY-MM-DD, both inclusive, at most
   * 366 days, in the store's timezone): a month's report reads a calendar month with it.
   */
  salesBetween: PeriodSales;
  /**
   * Sales and units of the products shown in the store's widgets (the set `topProducts` ranks) in each of
   * the `weeks` ISO weeks (1 to 53) that end with `toWeek` (default: the last completed week), oldest first.
   * Answered in a fixed number of SQL statements whatever the number of weeks.
   */
  salesSeries?: Maybe<Array<WeekSales>>;
  /** Changes to the report's settings, newest first (settings access), at most 100. */
  settingsChanges: Array<SettingsChange>;
  /** The store's Slack webhook in the clear, for the worker's alerts scope only; null when none is set. */
  slackDelivery?: Maybe<SlackDelivery>;
  /** Addresses the provider reported as bouncing for good or complaining: never mailed (settings access). */
  suppressedRecipients: Array<SuppressedRecipient>;
  /** IANA timezone; weeks and dates of this store are read in it. */
  timezone: Scalars['String']['output'];
  /**
   * Among the products shown in the store's widgets, those with the highest sales in the ISO week (default:
   * the last completed week in the store's timezone): sales desc, then units desc, then product id. Products
   * that sold nothing that week are left out. At most 50.
   */
  topProducts: Array<ProductSales>;
  /**
   * What `topProducts` answers for a week, between two dates instead; `previousSales` is from `previousFrom`
   * to the day before `from` (by default as many days as the range).
   */
  topProductsBetween: Array<ProductSales>;
  /** Owned by review: the products shown in the store's active widgets. */
  widgetProductIds: Array<Scalars['ID']['output']>;
};


export type StoreSalesBetweenArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type StoreSalesSeriesArgs = {
  toWeek?: InputMaybe<Scalars['String']['input']>;
  weeks?: InputMaybe<Scalars['Int']['input']>;
};


export type StoreSettingsChangesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type StoreTopProductsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  week?: InputMaybe<Scalars['String']['input']>;
};


export type StoreTopProductsBetweenArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  from: Scalars['String']['input'];
  previousFrom?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['String']['input'];
};

export type StoreConnection = {
  __typename?: 'StoreConnection';
  edges: Array<StoreEdge>;
  pageInfo: PageInfo;
};

export type StoreEdge = {
  __typename?: 'StoreEdge';
  cursor: Scalars['String']['output'];
  node: Store;
};

export type StoreKeyGrant = {
  __typename?: 'StoreKeyGrant';
  scopes: Array<Scalars['String']['output']>;
  storeId: Scalars['ID']['output'];
};

/** An address no report goes to, and why (the store's own token only). */
export type SuppressedRecipient = {
  __typename?: 'SuppressedRecipient';
  detail: Scalars['String']['output'];
  email: Scalars['String']['output'];
  reason: SuppressionReason;
  /** ISO 8601 instant. */
  suppressedAt: Scalars['String']['output'];
};

export type SuppressionReason =
  | 'BOUNCE'
  | 'COMPLAINT';

export type UpsertOrderPayload = {
  __typename?: 'UpsertOrderPayload';
  orderId: Scalars['String']['output'];
  /** What this call did: CREATED, UPDATED, or UNCHANGED (a repeat or an older version). */
  outcome: UpsertOutcome;
  /** The order's status as stored after this call. */
  status: OrderStatus;
  /** The version stored after this call. */
  updatedAt: Scalars['String']['output'];
};

export type UpsertOutcome =
  | 'CREATED'
  | 'UNCHANGED'
  | 'UPDATED';

/** The sales of a store's widget products in one ISO week. */
export type WeekSales = {
  __typename?: 'WeekSales';
  /** Orders with at least one line credited to a widget click. */
  attributedOrders: Scalars['Int']['output'];
  /** Sales (net of refunds) of order lines credited to a widget click, whatever the product. */
  attributedSales: Money;
  sales: Money;
  unitsSold: Scalars['Int']['output'];
  week: Scalars['String']['output'];
};

/** Owned by review: the key of the figures shop adds to. */
export type Widget = {
  __typename?: 'Widget';
  id: Scalars['ID']['output'];
};

/**
 * A widget's activity in the hourly alert check's windows (review's), with the sales credited to its clicks in
 * the same windows (shop's): the 24 hours before `until`, then the same hours of each of the 8 weeks before.
 */
export type WidgetActivity = {
  __typename?: 'WidgetActivity';
  /** Orders with a line credited to the widget in each window, most recent first. */
  creditedOrders: Array<Scalars['Int']['output']>;
  /**
   * Sales (net of refunds) credited to the widget's clicks in each window, most recent first. One statement
   * answers every widget of a request, hence the small weight.
   */
  creditedSales: Array<Money>;
  storeId: Scalars['ID']['output'];
  until: Scalars['String']['output'];
  widget: Widget;
};

/** A widget's figures in one ISO week (review's), with the sales credited to its clicks (shop's). */
export type WidgetClicks = {
  __typename?: 'WidgetClicks';
  /** Orders with at least one line credited to this widget. */
  attributedOrders: Scalars['Int']['output'];
  /** Sales (net of refunds) of paid or fulfilled order lines credited to this widget's clicks. */
  attributedSales: Money;
  clicks: Scalars['Int']['output'];
  /** attributedOrders ÷ clicks; null without clicks. */
  conversionRate?: Maybe<Scalars['Float']['output']>;
  storeId: Scalars['ID']['output'];
  week: Scalars['String']['output'];
  widget: Widget;
};

/** A widget's figures between two dates (review's), with the sales credited to its clicks (shop's). */
export type WidgetRange = {
  __typename?: 'WidgetRange';
  attributedOrders: Scalars['Int']['output'];
  attributedSales: Money;
  clicks: Scalars['Int']['output'];
  /** attributedOrders ÷ clicks; null without clicks. */
  conversionRate?: Maybe<Scalars['Float']['output']>;
  from: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
  to: Scalars['String']['output'];
  widget: Widget;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  HoldoutRun: HoldoutRun;
  Product: Product;
  Store: Store;
  WidgetActivity: WidgetActivity;
  WidgetClicks: WidgetClicks;
  WidgetRange: WidgetRange;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  HoldoutRun:
    ( { __typename: 'HoldoutRun' }
    & GraphQLRecursivePick<FederationTypes['HoldoutRun'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['HoldoutRun'], {"storeId":true,"startedAt":true,"visitorWeeks":{"week":true,"exposedVisitors":true,"heldOutVisitors":true,"exposedSlotViews":true,"heldOutSlotViews":true}}>
        | GraphQLRecursivePick<FederationTypes['HoldoutRun'], {"storeId":true,"startedAt":true,"visitorWeeks":{"week":true,"exposedVisitors":true,"heldOutVisitors":true,"exposedSlotViews":true,"heldOutSlotViews":true}}>
        | GraphQLRecursivePick<FederationTypes['HoldoutRun'], {"storeId":true,"startedAt":true,"visitorWeeks":{"week":true,"exposedVisitors":true,"heldOutVisitors":true,"exposedSlotViews":true,"heldOutSlotViews":true}}> ) );
  Product:
    ( { __typename: 'Product' }
    & GraphQLRecursivePick<FederationTypes['Product'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Product'], {"store":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['Product'], {"store":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['Product'], {"store":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['Product'], {"store":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['Product'], {"store":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['Product'], {"store":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['Product'], {"store":{"id":true}}> ) );
  Store:
    ( { __typename: 'Store' }
    & GraphQLRecursivePick<FederationTypes['Store'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}> ) );
  WidgetActivity:
    ( { __typename: 'WidgetActivity' }
    & GraphQLRecursivePick<FederationTypes['WidgetActivity'], {"widget":{"id":true},"until":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['WidgetActivity'], {"storeId":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetActivity'], {"storeId":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetActivity'], {"storeId":true}> ) );
  WidgetClicks:
    ( { __typename: 'WidgetClicks' }
    & GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"widget":{"id":true},"week":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"storeId":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"storeId":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"storeId":true,"clicks":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"storeId":true,"clicks":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"storeId":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"storeId":true,"clicks":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"clicks":true,"storeId":true}> ) );
  WidgetRange:
    ( { __typename: 'WidgetRange' }
    & GraphQLRecursivePick<FederationTypes['WidgetRange'], {"widget":{"id":true},"from":true,"to":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['WidgetRange'], {"storeId":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetRange'], {"storeId":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetRange'], {"storeId":true,"clicks":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetRange'], {"storeId":true,"clicks":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetRange'], {"storeId":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetRange'], {"storeId":true,"clicks":true}>
        | GraphQLRecursivePick<FederationTypes['WidgetRange'], {"clicks":true,"storeId":true}> ) );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AlertDestinations: ResolverTypeWrapper<AlertDestinations>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  AlertDestinationsInput: AlertDestinationsInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ApplyPlatformDeliveriesInput: ApplyPlatformDeliveriesInput;
  ClaimVerdictInput: ClaimVerdictInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ClickClaim: ResolverTypeWrapper<ClickClaim>;
  EmailEventInput: EmailEventInput;
  EmailEventKind: EmailEventKind;
  EmailEventOutcome: ResolverTypeWrapper<EmailEventOutcome>;
  FloatInterval: ResolverTypeWrapper<FloatInterval>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  HoldoutGroup: HoldoutGroup;
  HoldoutGroupFigures: ResolverTypeWrapper<HoldoutGroupFigures>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  HoldoutLook: ResolverTypeWrapper<HoldoutLook>;
  HoldoutRun: ResolverTypeWrapper<HoldoutRunRefModel>;
  HoldoutVerdict: HoldoutVerdict;
  HoldoutVisitorWeek: ResolverTypeWrapper<HoldoutVisitorWeek>;
  Money: ResolverTypeWrapper<Money>;
  MoneyInterval: ResolverTypeWrapper<MoneyInterval>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OrderHoldoutGroupInput: OrderHoldoutGroupInput;
  OrderInput: OrderInput;
  OrderLineInput: OrderLineInput;
  OrderStatus: OrderStatus;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PendingRecipient: ResolverTypeWrapper<PendingRecipient>;
  PeriodSales: ResolverTypeWrapper<PeriodSales>;
  Platform: Platform;
  PlatformConnection: ResolverTypeWrapper<PlatformConnection>;
  PlatformDeliveryKey: PlatformDeliveryKey;
  PlatformDeliveryOutcome: ResolverTypeWrapper<PlatformDeliveryOutcome>;
  PlatformDeliveryRef: ResolverTypeWrapper<PlatformDeliveryRef>;
  PlatformProductInput: PlatformProductInput;
  PlatformWebhookInput: PlatformWebhookInput;
  PlatformWebhookReceipt: ResolverTypeWrapper<PlatformWebhookReceipt>;
  Product: ResolverTypeWrapper<ProductRefModel>;
  ProductSales: ResolverTypeWrapper<Omit<ProductSales, 'product'> & { product: ResolversTypes['Product'] }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecipientConfirmation: ResolverTypeWrapper<Omit<RecipientConfirmation, 'store'> & { store: ResolversTypes['Store'] }>;
  RefundInput: RefundInput;
  ReportCadence: ReportCadence;
  ReportSchedule: ResolverTypeWrapper<ReportSchedule>;
  SettingsAction: SettingsAction;
  SettingsActor: SettingsActor;
  SettingsChange: ResolverTypeWrapper<SettingsChange>;
  SlackDelivery: ResolverTypeWrapper<SlackDelivery>;
  SlackDestination: ResolverTypeWrapper<SlackDestination>;
  Store: ResolverTypeWrapper<StoreParentModel>;
  StoreConnection: ResolverTypeWrapper<Omit<StoreConnection, 'edges'> & { edges: Array<ResolversTypes['StoreEdge']> }>;
  StoreEdge: ResolverTypeWrapper<Omit<StoreEdge, 'node'> & { node: ResolversTypes['Store'] }>;
  StoreKeyGrant: ResolverTypeWrapper<StoreKeyGrant>;
  SuppressedRecipient: ResolverTypeWrapper<SuppressedRecipient>;
  SuppressionReason: SuppressionReason;
  UpsertOrderPayload: ResolverTypeWrapper<UpsertOrderPayload>;
  UpsertOutcome: UpsertOutcome;
  WeekSales: ResolverTypeWrapper<WeekSales>;
  Widget: ResolverTypeWrapper<Widget>;
  WidgetActivity: ResolverTypeWrapper<WidgetActivityRefModel>;
  WidgetClicks: ResolverTypeWrapper<WidgetWeekRefModel>;
  WidgetRange: ResolverTypeWrapper<WidgetRangeRefModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AlertDestinations: AlertDestinations;
  Boolean: Scalars['Boolean']['output'];
  AlertDestinationsInput: AlertDestinationsInput;
  String: Scalars['String']['output'];
  ApplyPlatformDeliveriesInput: ApplyPlatformDeliveriesInput;
  ClaimVerdictInput: ClaimVerdictInput;
  ID: Scalars['ID']['output'];
  ClickClaim: ClickClaim;
  EmailEventInput: EmailEventInput;
  EmailEventOutcome: EmailEventOutcome;
  FloatInterval: FloatInterval;
  Float: Scalars['Float']['output'];
  HoldoutGroupFigures: HoldoutGroupFigures;
  Int: Scalars['Int']['output'];
  HoldoutLook: HoldoutLook;
  HoldoutRun: HoldoutRunRefModel;
  HoldoutVisitorWeek: HoldoutVisitorWeek;
  Money: Money;
  MoneyInterval: MoneyInterval;
  Mutation: Record<PropertyKey, never>;
  OrderHoldoutGroupInput: OrderHoldoutGroupInput;
  OrderInput: OrderInput;
  OrderLineInput: OrderLineInput;
  PageInfo: PageInfo;
  PendingRecipient: PendingRecipient;
  PeriodSales: PeriodSales;
  PlatformConnection: PlatformConnection;
  PlatformDeliveryKey: PlatformDeliveryKey;
  PlatformDeliveryOutcome: PlatformDeliveryOutcome;
  PlatformDeliveryRef: PlatformDeliveryRef;
  PlatformProductInput: PlatformProductInput;
  PlatformWebhookInput: PlatformWebhookInput;
  PlatformWebhookReceipt: PlatformWebhookReceipt;
  Product: ProductRefModel;
  ProductSales: Omit<ProductSales, 'product'> & { product: ResolversParentTypes['Product'] };
  Query: Record<PropertyKey, never>;
  RecipientConfirmation: Omit<RecipientConfirmation, 'store'> & { store: ResolversParentTypes['Store'] };
  RefundInput: RefundInput;
  ReportSchedule: ReportSchedule;
  SettingsChange: SettingsChange;
  SlackDelivery: SlackDelivery;
  SlackDestination: SlackDestination;
  Store: StoreParentModel;
  StoreConnection: Omit<StoreConnection, 'edges'> & { edges: Array<ResolversParentTypes['StoreEdge']> };
  StoreEdge: Omit<StoreEdge, 'node'> & { node: ResolversParentTypes['Store'] };
  StoreKeyGrant: StoreKeyGrant;
  SuppressedRecipient: SuppressedRecipient;
  UpsertOrderPayload: UpsertOrderPayload;
  WeekSales: WeekSales;
  Widget: Widget;
  WidgetActivity: WidgetActivityRefModel;
  WidgetClicks: WidgetWeekRefModel;
  WidgetRange: WidgetRangeRefModel;
};

export type AlertDestinationsResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['AlertDestinations'] = ResolversParentTypes['AlertDestinations']> = {
  email?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  slack?: Resolver<Maybe<ResolversTypes['SlackDestination']>, ParentType, ContextType>;
};

export type ClickClaimResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['ClickClaim'] = ResolversParentTypes['ClickClaim']> = {
  clickId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lineRef?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  placedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  productId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type EmailEventOutcomeResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['EmailEventOutcome'] = ResolversParentTypes['EmailEventOutcome']> = {
  duplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type FloatIntervalResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['FloatInterval'] = ResolversParentTypes['FloatInterval']> = {
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type HoldoutGroupFiguresResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['HoldoutGroupFigures'] = ResolversParentTypes['HoldoutGroupFigures']> = {
  conversion?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  orders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revenue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  revenuePerVisitor?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  visitors?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type HoldoutLookResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['HoldoutLook'] = ResolversParentTypes['HoldoutLook']> = {
  boundary?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  conversionDifference?: Resolver<ResolversTypes['FloatInterval'], ParentType, ContextType>;
  exposed?: Resolver<ResolversTypes['HoldoutGroupFigures'], ParentType, ContextType>;
  heldOut?: Resolver<ResolversTypes['HoldoutGroupFigures'], ParentType, ContextType>;
  incrementalRevenue?: Resolver<ResolversTypes['MoneyInterval'], ParentType, ContextType>;
  relativeLift?: Resolver<Maybe<ResolversTypes['FloatInterval']>, ParentType, ContextType>;
  revenuePerVisitorDifference?: Resolver<ResolversTypes['MoneyInterval'], ParentType, ContextType>;
  verdict?: Resolver<ResolversTypes['HoldoutVerdict'], ParentType, ContextType>;
  visitorsStillNeeded?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  week?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type HoldoutRunResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['HoldoutRun'] = ResolversParentTypes['HoldoutRun'], FederationReferenceType extends FederationReferenceTypes['HoldoutRun'] = FederationReferenceTypes['HoldoutRun']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['HoldoutRun']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  latestLook?: Resolver<Maybe<ResolversTypes['HoldoutLook']>, ParentType, ContextType>;
  looks?: Resolver<Array<ResolversTypes['HoldoutLook']>, ParentType, ContextType>;
};

export type HoldoutVisitorWeekResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['HoldoutVisitorWeek'] = ResolversParentTypes['HoldoutVisitorWeek']> = {
  exposedSlotViews?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  exposedVisitors?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  heldOutSlotViews?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  heldOutVisitors?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  week?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MoneyIntervalResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['MoneyInterval'] = ResolversParentTypes['MoneyInterval']> = {
  high?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addReportRecipient?: Resolver<ResolversTypes['Store'], ParentType, ContextType, RequireFields<MutationAddReportRecipientArgs, 'email' | 'storeId'>>;
  applyPlatformDeliveries?: Resolver<Array<ResolversTypes['PlatformDeliveryOutcome']>, ParentType, ContextType, RequireFields<MutationApplyPlatformDeliveriesArgs, 'input'>>;
  authenticateStoreKey?: Resolver<Maybe<ResolversTypes['StoreKeyGrant']>, ParentType, ContextType, RequireFields<MutationAuthenticateStoreKeyArgs, 'keyId' | 'secretHash'>>;
  confirmReportRecipient?: Resolver<Maybe<ResolversTypes['Store']>, ParentType, ContextType, RequireFields<MutationConfirmReportRecipientArgs, 'email' | 'requestId' | 'storeId'>>;
  markConfirmationsMailed?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationMarkConfirmationsMailedArgs, 'requestIds'>>;
  pauseSlackWebhook?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationPauseSlackWebhookArgs, 'reason' | 'setAt' | 'storeId'>>;
  receivePlatformWebhook?: Resolver<ResolversTypes['PlatformWebhookReceipt'], ParentType, ContextType, RequireFields<MutationReceivePlatformWebhookArgs, 'input'>>;
  recordClaimVerdicts?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationRecordClaimVerdictsArgs, 'verdicts'>>;
  recordEmailEvent?: Resolver<ResolversTypes['EmailEventOutcome'], ParentType, ContextType, RequireFields<MutationRecordEmailEventArgs, 'input'>>;
  removeReportRecipient?: Resolver<ResolversTypes['Store'], ParentType, ContextType, RequireFields<MutationRemoveReportRecipientArgs, 'email' | 'storeId'>>;
  setAlertDestinations?: Resolver<ResolversTypes['Store'], ParentType, ContextType, RequireFields<MutationSetAlertDestinationsArgs, 'input' | 'storeId'>>;
  setReportCadence?: Resolver<ResolversTypes['Store'], ParentType, ContextType, RequireFields<MutationSetReportCadenceArgs, 'cadence' | 'storeId'>>;
  setReportPaused?: Resolver<ResolversTypes['Store'], ParentType, ContextType, RequireFields<MutationSetReportPausedArgs, 'paused' | 'storeId'>>;
  setReportSchedule?: Resolver<ResolversTypes['Store'], ParentType, ContextType, RequireFields<MutationSetReportScheduleArgs, 'dayOfWeek' | 'hour' | 'storeId'>>;
  upsertOrder?: Resolver<ResolversTypes['UpsertOrderPayload'], ParentType, ContextType, RequireFields<MutationUpsertOrderArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PendingRecipientResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['PendingRecipient'] = ResolversParentTypes['PendingRecipient']> = {
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expired?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PeriodSalesResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['PeriodSales'] = ResolversParentTypes['PeriodSales']> = {
  attributedOrders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  attributedSales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PlatformConnectionResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['PlatformConnection'] = ResolversParentTypes['PlatformConnection']> = {
  connectedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastFailedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastFailure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastReceivedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastRefusal?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastRefusedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  webhookPath?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PlatformDeliveryOutcomeResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['PlatformDeliveryOutcome'] = ResolversParentTypes['PlatformDeliveryOutcome']> = {
  applied?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  detail?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  missingProducts?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PlatformDeliveryRefResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['PlatformDeliveryRef'] = ResolversParentTypes['PlatformDeliveryRef']> = {
  deliveryId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PlatformWebhookReceiptResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['PlatformWebhookReceipt'] = ResolversParentTypes['PlatformWebhookReceipt']> = {
  duplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  platformProductIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ProductResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'], FederationReferenceType extends FederationReferenceTypes['Product'] = FederationReferenceTypes['Product']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Product']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sales?: Resolver<ResolversTypes['Money'], ParentType, ContextType, RequireFields<ProductSalesArgs, 'from' | 'to'>>;
  unitsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<ProductUnitsSoldArgs>>;
  weeklySales?: Resolver<ResolversTypes['Money'], ParentType, ContextType, Partial<ProductWeeklySalesArgs>>;
};

export type ProductSalesResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['ProductSales'] = ResolversParentTypes['ProductSales']> = {
  previousSales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  sales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  unitsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  pendingClickClaims?: Resolver<Array<ResolversTypes['ClickClaim']>, ParentType, ContextType, RequireFields<QueryPendingClickClaimsArgs, 'first'>>;
  pendingConfirmations?: Resolver<Array<ResolversTypes['RecipientConfirmation']>, ParentType, ContextType, RequireFields<QueryPendingConfirmationsArgs, 'first'>>;
  pendingPlatformDeliveries?: Resolver<Array<ResolversTypes['PlatformDeliveryRef']>, ParentType, ContextType, RequireFields<QueryPendingPlatformDeliveriesArgs, 'first' | 'olderThanSeconds'>>;
  store?: Resolver<Maybe<ResolversTypes['Store']>, ParentType, ContextType, RequireFields<QueryStoreArgs, 'id'>>;
  stores?: Resolver<ResolversTypes['StoreConnection'], ParentType, ContextType, RequireFields<QueryStoresArgs, 'first'>>;
  storesByIds?: Resolver<Array<Maybe<ResolversTypes['Store']>>, ParentType, ContextType, RequireFields<QueryStoresByIdsArgs, 'ids'>>;
};

export type RecipientConfirmationResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['RecipientConfirmation'] = ResolversParentTypes['RecipientConfirmation']> = {
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  store?: Resolver<ResolversTypes['Store'], ParentType, ContextType>;
};

export type ReportScheduleResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['ReportSchedule'] = ResolversParentTypes['ReportSchedule']> = {
  cadence?: Resolver<ResolversTypes['ReportCadence'], ParentType, ContextType>;
  dayOfWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  hour?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  paused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SettingsChangeResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['SettingsChange'] = ResolversParentTypes['SettingsChange']> = {
  action?: Resolver<ResolversTypes['SettingsAction'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['SettingsActor'], ParentType, ContextType>;
  byRef?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dayOfWeek?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hour?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SlackDeliveryResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['SlackDelivery'] = ResolversParentTypes['SlackDelivery']> = {
  paused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reports?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  setAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SlackDestinationResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['SlackDestination'] = ResolversParentTypes['SlackDestination']> = {
  hint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pausedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  pausedReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reports?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  setAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type StoreResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Store'] = ResolversParentTypes['Store'], FederationReferenceType extends FederationReferenceTypes['Store'] = FederationReferenceTypes['Store']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Store']> | FederationReferenceType, FederationReferenceType, ContextType>;
  alertDestinations?: Resolver<ResolversTypes['AlertDestinations'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  listDesignerEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  locale?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pendingRecipients?: Resolver<Array<ResolversTypes['PendingRecipient']>, ParentType, ContextType>;
  platformConnections?: Resolver<Array<ResolversTypes['PlatformConnection']>, ParentType, ContextType>;
  reportRecipients?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  reportSchedule?: Resolver<ResolversTypes['ReportSchedule'], ParentType, ContextType>;
  salesBetween?: Resolver<ResolversTypes['PeriodSales'], ParentType, ContextType, RequireFields<StoreSalesBetweenArgs, 'from' | 'to'>>;
  salesSeries?: Resolver<Maybe<Array<ResolversTypes['WeekSales']>>, ParentType, ContextType, RequireFields<StoreSalesSeriesArgs, 'weeks'>>;
  settingsChanges?: Resolver<Array<ResolversTypes['SettingsChange']>, ParentType, ContextType, RequireFields<StoreSettingsChangesArgs, 'first'>>;
  slackDelivery?: Resolver<Maybe<ResolversTypes['SlackDelivery']>, ParentType, ContextType>;
  suppressedRecipients?: Resolver<Array<ResolversTypes['SuppressedRecipient']>, ParentType, ContextType>;
  timezone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topProducts?: Resolver<Array<ResolversTypes['ProductSales']>, ParentType, ContextType, RequireFields<StoreTopProductsArgs, 'first'>>;
  topProductsBetween?: Resolver<Array<ResolversTypes['ProductSales']>, ParentType, ContextType, RequireFields<StoreTopProductsBetweenArgs, 'first' | 'from' | 'to'>>;
};

export type StoreConnectionResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['StoreConnection'] = ResolversParentTypes['StoreConnection']> = {
  edges?: Resolver<Array<ResolversTypes['StoreEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type StoreEdgeResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['StoreEdge'] = ResolversParentTypes['StoreEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Store'], ParentType, ContextType>;
};

export type StoreKeyGrantResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['StoreKeyGrant'] = ResolversParentTypes['StoreKeyGrant']> = {
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SuppressedRecipientResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['SuppressedRecipient'] = ResolversParentTypes['SuppressedRecipient']> = {
  detail?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['SuppressionReason'], ParentType, ContextType>;
  suppressedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UpsertOrderPayloadResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['UpsertOrderPayload'] = ResolversParentTypes['UpsertOrderPayload']> = {
  orderId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['UpsertOutcome'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WeekSalesResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['WeekSales'] = ResolversParentTypes['WeekSales']> = {
  attributedOrders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  attributedSales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  sales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  unitsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  week?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WidgetResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Widget'] = ResolversParentTypes['Widget']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type WidgetActivityResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['WidgetActivity'] = ResolversParentTypes['WidgetActivity'], FederationReferenceType extends FederationReferenceTypes['WidgetActivity'] = FederationReferenceTypes['WidgetActivity']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WidgetActivity']> | FederationReferenceType, FederationReferenceType, ContextType>;
  creditedOrders?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  creditedSales?: Resolver<Array<ResolversTypes['Money']>, ParentType, ContextType>;
  until?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  widget?: Resolver<ResolversTypes['Widget'], ParentType, ContextType>;
};

export type WidgetClicksResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['WidgetClicks'] = ResolversParentTypes['WidgetClicks'], FederationReferenceType extends FederationReferenceTypes['WidgetClicks'] = FederationReferenceTypes['WidgetClicks']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WidgetClicks']> | FederationReferenceType, FederationReferenceType, ContextType>;
  attributedOrders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  attributedSales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  conversionRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  week?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  widget?: Resolver<ResolversTypes['Widget'], ParentType, ContextType>;
};

export type WidgetRangeResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['WidgetRange'] = ResolversParentTypes['WidgetRange'], FederationReferenceType extends FederationReferenceTypes['WidgetRange'] = FederationReferenceTypes['WidgetRange']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WidgetRange']> | FederationReferenceType, FederationReferenceType, ContextType>;
  attributedOrders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  attributedSales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  conversionRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  widget?: Resolver<ResolversTypes['Widget'], ParentType, ContextType>;
};

export type Resolvers<ContextType = ShopContext> = {
  AlertDestinations?: AlertDestinationsResolvers<ContextType>;
  ClickClaim?: ClickClaimResolvers<ContextType>;
  EmailEventOutcome?: EmailEventOutcomeResolvers<ContextType>;
  FloatInterval?: FloatIntervalResolvers<ContextType>;
  HoldoutGroupFigures?: HoldoutGroupFiguresResolvers<ContextType>;
  HoldoutLook?: HoldoutLookResolvers<ContextType>;
  HoldoutRun?: HoldoutRunResolvers<ContextType>;
  HoldoutVisitorWeek?: HoldoutVisitorWeekResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  MoneyInterval?: MoneyIntervalResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PendingRecipient?: PendingRecipientResolvers<ContextType>;
  PeriodSales?: PeriodSalesResolvers<ContextType>;
  PlatformConnection?: PlatformConnectionResolvers<ContextType>;
  PlatformDeliveryOutcome?: PlatformDeliveryOutcomeResolvers<ContextType>;
  PlatformDeliveryRef?: PlatformDeliveryRefResolvers<ContextType>;
  PlatformWebhookReceipt?: PlatformWebhookReceiptResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  ProductSales?: ProductSalesResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecipientConfirmation?: RecipientConfirmationResolvers<ContextType>;
  ReportSchedule?: ReportScheduleResolvers<ContextType>;
  SettingsChange?: SettingsChangeResolvers<ContextType>;
  SlackDelivery?: SlackDeliveryResolvers<ContextType>;
  SlackDestination?: SlackDestinationResolvers<ContextType>;
  Store?: StoreResolvers<ContextType>;
  StoreConnection?: StoreConnectionResolvers<ContextType>;
  StoreEdge?: StoreEdgeResolvers<ContextType>;
  StoreKeyGrant?: StoreKeyGrantResolvers<ContextType>;
  SuppressedRecipient?: SuppressedRecipientResolvers<ContextType>;
  UpsertOrderPayload?: UpsertOrderPayloadResolvers<ContextType>;
  WeekSales?: WeekSalesResolvers<ContextType>;
  Widget?: WidgetResolvers<ContextType>;
  WidgetActivity?: WidgetActivityResolvers<ContextType>;
  WidgetClicks?: WidgetClicksResolvers<ContextType>;
  WidgetRange?: WidgetRangeResolvers<ContextType>;
};

