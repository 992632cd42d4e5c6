import type { GraphQLResolveInfo } from 'graphql';
import type { WidgetParent as WidgetParentModel, WidgetRangeFigures as WidgetRangeFiguresModel } from '../resolvers/Widget.ts';
import type { Product as ProductModel, HoldoutRun as HoldoutRunModel } from '../db/schema.ts';
import type { StoreRef as StoreRefModel } from '../resolvers/Store.ts';
import type { WidgetClickFigures as WidgetClickFiguresModel, CountedClick as CountedClickModel } from '../db/queries/clicks.ts';
import type { ReviewContext } from '../context.ts';
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

/** A counted click (bots and repeats are never counted). */
export type Click = {
  __typename?: 'Click';
  id: Scalars['ID']['output'];
  occurredAt: Scalars['String']['output'];
  productId?: Maybe<Scalars['ID']['output']>;
  /**
   * Review's signature of this click (its id, widget, store, product and time), which shop asks of a verdict
   * that credits it: whoever decides a claim can pass a click on, never make one up.
   */
  receipt: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
  widgetId: Scalars['ID']['output'];
};

export type ClickLookupInput = {
  clickId: Scalars['ID']['input'];
  /** ISO 8601 instants: the click must have happened between them (both inclusive). */
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};

/** The group a browser drew for a holdout run. */
export type HoldoutGroup =
  /** Shown the widget. */
  | 'EXPOSED'
  /** Not shown the widget. */
  | 'HELD_OUT';

/**
 * One run of a widget's holdout: from its start to its stop (or now), browsers drew once whether the widget
 * was held back from them. Its result is shop's (HoldoutRun.looks), from these visitors and the orders each
 * group placed.
 */
export type HoldoutRun = {
  __typename?: 'HoldoutRun';
  id: Scalars['ID']['output'];
  /** Percent of browsers held out. */
  share: Scalars['Int']['output'];
  /** ISO 8601 instants. */
  startedAt: Scalars['String']['output'];
  /** Who started it: a settings actor (as shop's SettingsActor names them), and the address or key id it names. */
  startedBy: Scalars['String']['output'];
  startedByRef?: Maybe<Scalars['String']['output']>;
  stoppedAt?: Maybe<Scalars['String']['output']>;
  stoppedBy?: Maybe<Scalars['String']['output']>;
  stoppedByRef?: Maybe<Scalars['String']['output']>;
  storeId: Scalars['ID']['output'];
  /**
   * Visitors and slot views of each group, cumulated over each whole week of the run (seven UTC days from
   * its start's day), to its stop or the present.
   */
  visitorWeeks: Array<HoldoutVisitorWeek>;
  widget: Widget;
};

/** A run's visitors and slot views per group, from its start to the end of its `week`-th week. */
export type HoldoutVisitorWeek = {
  __typename?: 'HoldoutVisitorWeek';
  exposedSlotViews: Scalars['Int']['output'];
  exposedVisitors: Scalars['Int']['output'];
  heldOutSlotViews: Scalars['Int']['output'];
  heldOutVisitors: Scalars['Int']['output'];
  week: Scalars['Int']['output'];
};

export type ImpressionInput = {
  /** A UUID the tracker makes for each impression, so a retried batch is counted once. */
  impressionId: Scalars['ID']['input'];
  widgetId: Scalars['ID']['input'];
};

export type ImpressionRefusal =
  /** Its address (an IPv6 one by its /64) had as many impressions of the widget counted as one may in the window. */
  | 'ADDRESS_LIMIT'
  /** The request came from a bot or a client without a user agent. */
  | 'BOT'
  /** No active widget has that id. */
  | 'UNKNOWN_WIDGET';

export type ImpressionResult = {
  __typename?: 'ImpressionResult';
  /** True when the impression is counted (now or by an earlier try of the same impressionId). */
  accepted: Scalars['Boolean']['output'];
  /** True when this impressionId had been recorded before. */
  duplicate: Scalars['Boolean']['output'];
  impressionId: Scalars['ID']['output'];
  /** Why it was not counted; null when accepted. */
  refused?: Maybe<ImpressionRefusal>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Records one click from a storefront widget. Public: needs no token. Retries with the same clickId are stored once. */
  recordClick: RecordClickPayload;
  /**
   * Records widget impressions (a widget at least half in view for a second, once per page view), up to 50
   * per call. Public: needs no token. Each impressionId is counted once however often it is sent. A call
   * with a malformed id or more than 50 impressions is refused whole (BAD_USER_INPUT) and writes nothing;
   * an unknown or inactive widget is refused for that impression only. Answered after the write committed.
   */
  recordImpressions: RecordImpressionsPayload;
  /**
   * Records holdout slot views (a page view where a widget under a running holdout had its slot, shown or
   * held back), up to 50 per call, with the same rules as impressions: public, each slotViewId counted once,
   * bots and an address's flood not counted, a malformed call refused whole (BAD_USER_INPUT), a view of a
   * run that is not running refused for that view only. Answered after the write committed.
   */
  recordSlotViews: RecordSlotViewsPayload;
  /**
   * Holds a widget back from `share` percent of its store's browsers (5 to 50), or stops holding it back
   * (0), with settings access to its store. Starting, changing or stopping a holdout ends the running run and
   * starts a new one with its own dates; setting the running share again changes nothing.
   */
  setWidgetHoldout: Widget;
};


export type MutationRecordClickArgs = {
  input: RecordClickInput;
};


export type MutationRecordImpressionsArgs = {
  input: RecordImpressionsInput;
};


export type MutationRecordSlotViewsArgs = {
  input: RecordSlotViewsInput;
};


export type MutationSetWidgetHoldoutArgs = {
  share: Scalars['Int']['input'];
  widgetId: Scalars['ID']['input'];
};

/** A catalogue product found by its shop platform's id. */
export type PlatformProduct = {
  __typename?: 'PlatformProduct';
  platformId: Scalars['String']['output'];
  productId: Scalars['ID']['output'];
  storeId: Scalars['ID']['output'];
};

export type PlatformProductsLookup = {
  platformIds: Array<Scalars['String']['input']>;
  storeId: Scalars['ID']['input'];
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
  imageUrl?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** The product's id on the store's shop platform (Shopify, WooCommerce), as its orders name it. */
  platformId?: Maybe<Scalars['String']['output']>;
  store: Store;
  url?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /**
   * Service only (the attribution job): counted clicks by id, each looked for between two instants; null
   * where there is none. At most 1000 lookups.
   */
  clicksByIds: Array<Maybe<Click>>;
  /**
   * Gateway only (shop platforms' order webhooks): each store's products with these platform ids, in no
   * particular order; an id the catalogue does not know is left out. At most 1000 ids in all.
   */
  platformProducts: Array<PlatformProduct>;
  /**
   * Public (the storefront tracker): the store's running holdouts on its active widgets, what a browser
   * draws its groups for. Nothing in it is the store's business data.
   */
  runningHoldouts: Array<RunningHoldout>;
  /** A widget by id, or null when there is none. */
  widget?: Maybe<Widget>;
};


export type QueryClicksByIdsArgs = {
  lookups: Array<ClickLookupInput>;
};


export type QueryPlatformProductsArgs = {
  lookups: Array<PlatformProductsLookup>;
};


export type QueryRunningHoldoutsArgs = {
  storeId: Scalars['ID']['input'];
};


export type QueryWidgetArgs = {
  id: Scalars['ID']['input'];
};

export type RecordClickInput = {
  /** A UUID the widget makes for each click, so a retried request is stored once. */
  clickId: Scalars['ID']['input'];
  /** The product clicked, if the click was on one; it must be shown in the widget. */
  productId?: InputMaybe<Scalars['ID']['input']>;
  widgetId: Scalars['ID']['input'];
};

export type RecordClickPayload = {
  __typename?: 'RecordClickPayload';
  /** True when the click was counted (now or by an earlier try of the same clickId). */
  accepted: Scalars['Boolean']['output'];
  /** True when this clickId had been recorded before. */
  duplicate: Scalars['Boolean']['output'];
};

export type RecordImpressionsInput = {
  impressions: Array<ImpressionInput>;
};

export type RecordImpressionsPayload = {
  __typename?: 'RecordImpressionsPayload';
  /** One answer per impression, in the order sent. */
  results: Array<ImpressionResult>;
};

export type RecordSlotViewsInput = {
  slotViews: Array<SlotViewInput>;
};

export type RecordSlotViewsPayload = {
  __typename?: 'RecordSlotViewsPayload';
  /** One answer per slot view, in the order sent. */
  results: Array<SlotViewResult>;
};

/** A widget's running holdout, as the tracker applies it. */
export type RunningHoldout = {
  __typename?: 'RunningHoldout';
  runId: Scalars['ID']['output'];
  /** Percent of browsers held out. */
  share: Scalars['Int']['output'];
  widgetId: Scalars['ID']['output'];
};

export type SlotViewInput = {
  /** True for the browser's first slot view of the run: it counts the browser as one of its group's visitors. */
  firstInRun: Scalars['Boolean']['input'];
  group: HoldoutGroup;
  /** The holdout run (what names the widget). */
  runId: Scalars['ID']['input'];
  /** A UUID the tracker makes for each slot view (the browser's first of a run keeps its own, for retries). */
  slotViewId: Scalars['ID']['input'];
};

export type SlotViewRefusal =
  | 'ADDRESS_LIMIT'
  | 'BOT'
  /** No running holdout of that id. */
  | 'NO_RUNNING_HOLDOUT';

export type SlotViewResult = {
  __typename?: 'SlotViewResult';
  accepted: Scalars['Boolean']['output'];
  duplicate: Scalars['Boolean']['output'];
  /** Why it was not counted; null when accepted. */
  refused?: Maybe<SlotViewRefusal>;
  slotViewId: Scalars['ID']['output'];
};

export type Store = {
  __typename?: 'Store';
  /**
   * The store's recent events, as the hourly alert check reads them. `until`: an ISO 8601 instant on a whole
   * hour, at most an hour ahead.
   */
  activity: StoreActivity;
  /**
   * Clicks on all the store's widgets (inactive ones included) in each of the `weeks` ISO weeks (1 to 53)
   * that end with `toWeek` (default: the last completed week), read in the store's timezone, oldest first;
   * a week without clicks counts 0. Answered in a fixed number of SQL statements whatever the number of weeks.
   */
  clickSeries?: Maybe<Array<WeekClicks>>;
  /** What `clickSeries` answers for a week, between two dates instead (YYYY-MM-DD, both inclusive, at most 366 days). */
  clicksBetween: Scalars['Int']['output'];
  /** The running holdouts of the store's active widgets (its store's token, and the service). */
  holdouts: Array<HoldoutRun>;
  id: Scalars['ID']['output'];
  /** Owned by shop; review reads weeks in it. */
  timezone: Scalars['String']['output'];
  /**
   * The store's widgets with the most clicks in the ISO week (default: the last completed week in the store's
   * timezone), most first, ties by widget id; widgets without a click that week are left out. At most 50.
   */
  topWidgets: Array<WidgetClicks>;
  /**
   * What `topWidgets` answers for a week, between two dates instead: the widgets with the most clicks, with
   * their figures over those dates, and `previousClicks` from `previousFrom` to the day before `from` (by
   * default as many days as the range; a month's report gives the month before's first day).
   */
  topWidgetsBetween: Array<WidgetRange>;
  /** The distinct products shown in the store's active widgets. */
  widgetProductIds: Array<Scalars['ID']['output']>;
  /** What `widgetWeeks` is for a week, between two dates (YYYY-MM-DD, both inclusive, at most 366 days): each widget's `Widget.range`. */
  widgetRanges: Array<WidgetRange>;
  /**
   * Every widget of the store (as `widgets` lists them) with its figures of an ISO week (default: the last
   * completed week in the store's timezone), what each one's `Widget.week` answers. Asked here, the
   * store's timezone comes with the store: the gateway need not fetch it again for each widget.
   */
  widgetWeeks: Array<WidgetClicks>;
  /** Every widget of the store, active or not. */
  widgets: Array<Widget>;
};


export type StoreActivityArgs = {
  until: Scalars['String']['input'];
};


export type StoreClickSeriesArgs = {
  toWeek?: InputMaybe<Scalars['String']['input']>;
  weeks?: InputMaybe<Scalars['Int']['input']>;
};


export type StoreClicksBetweenArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type StoreTopWidgetsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  week?: InputMaybe<Scalars['String']['input']>;
};


export type StoreTopWidgetsBetweenArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  from: Scalars['String']['input'];
  previousFrom?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['String']['input'];
};


export type StoreWidgetRangesArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type StoreWidgetWeeksArgs = {
  week?: InputMaybe<Scalars['String']['input']>;
};

/** A store's events up to an instant: what tells a tracker that stopped, or a widget that changed. */
export type StoreActivity = {
  __typename?: 'StoreActivity';
  /** Clicks and impressions in each of the 14 days (of 24 hours) before those 6 hours, most recent first. */
  dailyEvents: Array<Scalars['Int']['output']>;
  /** The end of the last quarter-hour with a click or an impression, within the 15 days before `until`. */
  lastEventAt?: Maybe<Scalars['String']['output']>;
  /** Clicks and impressions on all the store's widgets in the 6 hours before `until`. */
  recentEvents: Scalars['Int']['output'];
  until: Scalars['String']['output'];
  /** The store's active widgets (sized for cost as a typical store's, as the graph's other lists of widgets are not). */
  widgets: Array<WidgetActivity>;
};

/** Clicks in one ISO week. */
export type WeekClicks = {
  __typename?: 'WeekClicks';
  clicks: Scalars['Int']['output'];
  week: Scalars['String']['output'];
};

export type Widget = {
  __typename?: 'Widget';
  active: Scalars['Boolean']['output'];
  /** Clicks between two dates (YYYY-MM-DD, both inclusive, at most 366 days) in the store's timezone. */
  clicks: Scalars['Int']['output'];
  /** The running holdout, if any (its store's token or settings access). */
  holdout?: Maybe<HoldoutRun>;
  /** Every holdout run of the widget, newest first (its store's token or settings access). */
  holdoutRuns: Array<HoldoutRun>;
  id: Scalars['ID']['output'];
  /** Impressions between two dates (YYYY-MM-DD, both inclusive, at most 366 days) in the store's timezone. */
  impressions: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  productIds: Array<Scalars['ID']['output']>;
  /** The products the widget shows, in display order. */
  products: Array<Product>;
  /** The widget's figures between two dates (YYYY-MM-DD, both inclusive, at most 366 days). */
  range: WidgetRange;
  store: Store;
  /** The widget's figures of an ISO week (default: last completed), what `Store.topWidgets` lists. */
  week: WidgetClicks;
  /** Clicks in the ISO week (default: last completed) in the store's timezone. */
  weeklyClicks: Scalars['Int']['output'];
  /** Impressions in the ISO week (default: last completed) in the store's timezone. */
  weeklyImpressions: Scalars['Int']['output'];
};


export type WidgetClicksArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type WidgetImpressionsArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type WidgetRangeArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type WidgetWeekArgs = {
  week?: InputMaybe<Scalars['String']['input']>;
};


export type WidgetWeeklyClicksArgs = {
  week?: InputMaybe<Scalars['String']['input']>;
};


export type WidgetWeeklyImpressionsArgs = {
  week?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A widget's clicks and impressions in the 24 hours before the activity's `until`, then in the same 24 hours
 * of each of the 8 weeks before: index 0 is now, index k is k weeks ago.
 */
export type WidgetActivity = {
  __typename?: 'WidgetActivity';
  clicks: Array<Scalars['Int']['output']>;
  impressions: Array<Scalars['Int']['output']>;
  /** The widget's store (what shop reads the credited sales of). */
  storeId: Scalars['ID']['output'];
  until: Scalars['String']['output'];
  widget: Widget;
};

/** A widget's clicks in a week and in the week before, and its impressions and click-through rate that week. */
export type WidgetClicks = {
  __typename?: 'WidgetClicks';
  clicks: Scalars['Int']['output'];
  /** clicks ÷ impressions of the week; null when it had no impressions. */
  ctr?: Maybe<Scalars['Float']['output']>;
  /** Times the widget was seen (half of it in view for a second) that week. */
  impressions: Scalars['Int']['output'];
  previousClicks: Scalars['Int']['output'];
  /** The widget's store (what shop reads the credited figures of). */
  storeId: Scalars['ID']['output'];
  /** The ISO week, e.g. 2026-W47. */
  week: Scalars['String']['output'];
  widget: Widget;
};

/** A widget's clicks and impressions between two dates, both inclusive, in the store's timezone. */
export type WidgetRange = {
  __typename?: 'WidgetRange';
  clicks: Scalars['Int']['output'];
  /** clicks ÷ impressions; null without impressions. */
  ctr?: Maybe<Scalars['Float']['output']>;
  from: Scalars['String']['output'];
  impressions: Scalars['Int']['output'];
  /** Clicks of the period compared with (`Store.topWidgetsBetween` only; null elsewhere). */
  previousClicks?: Maybe<Scalars['Int']['output']>;
  /** The widget's store (what shop reads the credited figures of). */
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
  Widget: Widget;
  WidgetActivity: WidgetActivity;
  WidgetClicks: WidgetClicks;
  WidgetRange: WidgetRange;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  HoldoutRun:
    ( { __typename: 'HoldoutRun' }
    & GraphQLRecursivePick<FederationTypes['HoldoutRun'], {"id":true}> );
  Product:
    ( { __typename: 'Product' }
    & GraphQLRecursivePick<FederationTypes['Product'], {"id":true}> );
  Store:
    ( { __typename: 'Store' }
    & GraphQLRecursivePick<FederationTypes['Store'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}>
        | GraphQLRecursivePick<FederationTypes['Store'], {"timezone":true}> ) );
  Widget:
    ( { __typename: 'Widget' }
    & GraphQLRecursivePick<FederationTypes['Widget'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}>
        | GraphQLRecursivePick<FederationTypes['Widget'], {"store":{"timezone":true}}> ) );
  WidgetActivity:
    ( { __typename: 'WidgetActivity' }
    & GraphQLRecursivePick<FederationTypes['WidgetActivity'], {"widget":{"id":true},"until":true}> );
  WidgetClicks:
    ( { __typename: 'WidgetClicks' }
    & GraphQLRecursivePick<FederationTypes['WidgetClicks'], {"widget":{"id":true},"week":true}> );
  WidgetRange:
    ( { __typename: 'WidgetRange' }
    & GraphQLRecursivePick<FederationTypes['WidgetRange'], {"widget":{"id":true},"from":true,"to":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Click: ResolverTypeWrapper<CountedClickModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ClickLookupInput: ClickLookupInput;
  HoldoutGroup: HoldoutGroup;
  HoldoutRun: ResolverTypeWrapper<HoldoutRunModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  HoldoutVisitorWeek: ResolverTypeWrapper<HoldoutVisitorWeek>;
  ImpressionInput: ImpressionInput;
  ImpressionRefusal: ImpressionRefusal;
  ImpressionResult: ResolverTypeWrapper<ImpressionResult>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PlatformProduct: ResolverTypeWrapper<PlatformProduct>;
  PlatformProductsLookup: PlatformProductsLookup;
  Product: ResolverTypeWrapper<ProductModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecordClickInput: RecordClickInput;
  RecordClickPayload: ResolverTypeWrapper<RecordClickPayload>;
  RecordImpressionsInput: RecordImpressionsInput;
  RecordImpressionsPayload: ResolverTypeWrapper<RecordImpressionsPayload>;
  RecordSlotViewsInput: RecordSlotViewsInput;
  RecordSlotViewsPayload: ResolverTypeWrapper<RecordSlotViewsPayload>;
  RunningHoldout: ResolverTypeWrapper<RunningHoldout>;
  SlotViewInput: SlotViewInput;
  SlotViewRefusal: SlotViewRefusal;
  SlotViewResult: ResolverTypeWrapper<SlotViewResult>;
  Store: ResolverTypeWrapper<StoreRefModel>;
  StoreActivity: ResolverTypeWrapper<Omit<StoreActivity, 'widgets'> & { widgets: Array<ResolversTypes['WidgetActivity']> }>;
  WeekClicks: ResolverTypeWrapper<WeekClicks>;
  Widget: ResolverTypeWrapper<WidgetParentModel>;
  WidgetActivity: ResolverTypeWrapper<Omit<WidgetActivity, 'widget'> & { widget: ResolversTypes['Widget'] }>;
  WidgetClicks: ResolverTypeWrapper<WidgetClickFiguresModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  WidgetRange: ResolverTypeWrapper<WidgetRangeFiguresModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Click: CountedClickModel;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  ClickLookupInput: ClickLookupInput;
  HoldoutRun: HoldoutRunModel;
  Int: Scalars['Int']['output'];
  HoldoutVisitorWeek: HoldoutVisitorWeek;
  ImpressionInput: ImpressionInput;
  ImpressionResult: ImpressionResult;
  Boolean: Scalars['Boolean']['output'];
  Mutation: Record<PropertyKey, never>;
  PlatformProduct: PlatformProduct;
  PlatformProductsLookup: PlatformProductsLookup;
  Product: ProductModel;
  Query: Record<PropertyKey, never>;
  RecordClickInput: RecordClickInput;
  RecordClickPayload: RecordClickPayload;
  RecordImpressionsInput: RecordImpressionsInput;
  RecordImpressionsPayload: RecordImpressionsPayload;
  RecordSlotViewsInput: RecordSlotViewsInput;
  RecordSlotViewsPayload: RecordSlotViewsPayload;
  RunningHoldout: RunningHoldout;
  SlotViewInput: SlotViewInput;
  SlotViewResult: SlotViewResult;
  Store: StoreRefModel;
  StoreActivity: Omit<StoreActivity, 'widgets'> & { widgets: Array<ResolversParentTypes['WidgetActivity']> };
  WeekClicks: WeekClicks;
  Widget: WidgetParentModel;
  WidgetActivity: Omit<WidgetActivity, 'widget'> & { widget: ResolversParentTypes['Widget'] } | FederationReferenceTypes['WidgetActivity'];
  WidgetClicks: WidgetClickFiguresModel;
  Float: Scalars['Float']['output'];
  WidgetRange: WidgetRangeFiguresModel;
};

export type ClickResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['Click'] = ResolversParentTypes['Click']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  productId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  receipt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  widgetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type HoldoutRunResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['HoldoutRun'] = ResolversParentTypes['HoldoutRun'], FederationReferenceType extends FederationReferenceTypes['HoldoutRun'] = FederationReferenceTypes['HoldoutRun']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['HoldoutRun']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  share?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedByRef?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stoppedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stoppedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stoppedByRef?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  visitorWeeks?: Resolver<Array<ResolversTypes['HoldoutVisitorWeek']>, ParentType, ContextType>;
  widget?: Resolver<ResolversTypes['Widget'], ParentType, ContextType>;
};

export type HoldoutVisitorWeekResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['HoldoutVisitorWeek'] = ResolversParentTypes['HoldoutVisitorWeek']> = {
  exposedSlotViews?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  exposedVisitors?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  heldOutSlotViews?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  heldOutVisitors?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  week?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImpressionResultResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['ImpressionResult'] = ResolversParentTypes['ImpressionResult']> = {
  accepted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  duplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  impressionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  refused?: Resolver<Maybe<ResolversTypes['ImpressionRefusal']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  recordClick?: Resolver<ResolversTypes['RecordClickPayload'], ParentType, ContextType, RequireFields<MutationRecordClickArgs, 'input'>>;
  recordImpressions?: Resolver<ResolversTypes['RecordImpressionsPayload'], ParentType, ContextType, RequireFields<MutationRecordImpressionsArgs, 'input'>>;
  recordSlotViews?: Resolver<ResolversTypes['RecordSlotViewsPayload'], ParentType, ContextType, RequireFields<MutationRecordSlotViewsArgs, 'input'>>;
  setWidgetHoldout?: Resolver<ResolversTypes['Widget'], ParentType, ContextType, RequireFields<MutationSetWidgetHoldoutArgs, 'share' | 'widgetId'>>;
};

export type PlatformProductResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['PlatformProduct'] = ResolversParentTypes['PlatformProduct']> = {
  platformId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  productId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ProductResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'], FederationReferenceType extends FederationReferenceTypes['Product'] = FederationReferenceTypes['Product']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Product']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  platformId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  store?: Resolver<ResolversTypes['Store'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  clicksByIds?: Resolver<Array<Maybe<ResolversTypes['Click']>>, ParentType, ContextType, RequireFields<QueryClicksByIdsArgs, 'lookups'>>;
  platformProducts?: Resolver<Array<ResolversTypes['PlatformProduct']>, ParentType, ContextType, RequireFields<QueryPlatformProductsArgs, 'lookups'>>;
  runningHoldouts?: Resolver<Array<ResolversTypes['RunningHoldout']>, ParentType, ContextType, RequireFields<QueryRunningHoldoutsArgs, 'storeId'>>;
  widget?: Resolver<Maybe<ResolversTypes['Widget']>, ParentType, ContextType, RequireFields<QueryWidgetArgs, 'id'>>;
};

export type RecordClickPayloadResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['RecordClickPayload'] = ResolversParentTypes['RecordClickPayload']> = {
  accepted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  duplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type RecordImpressionsPayloadResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['RecordImpressionsPayload'] = ResolversParentTypes['RecordImpressionsPayload']> = {
  results?: Resolver<Array<ResolversTypes['ImpressionResult']>, ParentType, ContextType>;
};

export type RecordSlotViewsPayloadResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['RecordSlotViewsPayload'] = ResolversParentTypes['RecordSlotViewsPayload']> = {
  results?: Resolver<Array<ResolversTypes['SlotViewResult']>, ParentType, ContextType>;
};

export type RunningHoldoutResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['RunningHoldout'] = ResolversParentTypes['RunningHoldout']> = {
  runId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  share?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  widgetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SlotViewResultResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['SlotViewResult'] = ResolversParentTypes['SlotViewResult']> = {
  accepted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  duplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  refused?: Resolver<Maybe<ResolversTypes['SlotViewRefusal']>, ParentType, ContextType>;
  slotViewId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type StoreResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['Store'] = ResolversParentTypes['Store'], FederationReferenceType extends FederationReferenceTypes['Store'] = FederationReferenceTypes['Store']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Store']> | FederationReferenceType, FederationReferenceType, ContextType>;
  activity?: Resolver<ResolversTypes['StoreActivity'], ParentType, ContextType, RequireFields<StoreActivityArgs, 'until'>>;
  clickSeries?: Resolver<Maybe<Array<ResolversTypes['WeekClicks']>>, ParentType, ContextType, RequireFields<StoreClickSeriesArgs, 'weeks'>>;
  clicksBetween?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<StoreClicksBetweenArgs, 'from' | 'to'>>;
  holdouts?: Resolver<Array<ResolversTypes['HoldoutRun']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  topWidgets?: Resolver<Array<ResolversTypes['WidgetClicks']>, ParentType, ContextType, RequireFields<StoreTopWidgetsArgs, 'first'>>;
  topWidgetsBetween?: Resolver<Array<ResolversTypes['WidgetRange']>, ParentType, ContextType, RequireFields<StoreTopWidgetsBetweenArgs, 'first' | 'from' | 'to'>>;
  widgetProductIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  widgetRanges?: Resolver<Array<ResolversTypes['WidgetRange']>, ParentType, ContextType, RequireFields<StoreWidgetRangesArgs, 'from' | 'to'>>;
  widgetWeeks?: Resolver<Array<ResolversTypes['WidgetClicks']>, ParentType, ContextType, Partial<StoreWidgetWeeksArgs>>;
  widgets?: Resolver<Array<ResolversTypes['Widget']>, ParentType, ContextType>;
};

export type StoreActivityResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['StoreActivity'] = ResolversParentTypes['StoreActivity']> = {
  dailyEvents?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  lastEventAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recentEvents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  until?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  widgets?: Resolver<Array<ResolversTypes['WidgetActivity']>, ParentType, ContextType>;
};

export type WeekClicksResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['WeekClicks'] = ResolversParentTypes['WeekClicks']> = {
  clicks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  week?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WidgetResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['Widget'] = ResolversParentTypes['Widget'], FederationReferenceType extends FederationReferenceTypes['Widget'] = FederationReferenceTypes['Widget']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Widget']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  clicks?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<WidgetClicksArgs, 'from' | 'to'>>;
  holdout?: Resolver<Maybe<ResolversTypes['HoldoutRun']>, ParentType, ContextType>;
  holdoutRuns?: Resolver<Array<ResolversTypes['HoldoutRun']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  impressions?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<WidgetImpressionsArgs, 'from' | 'to'>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  productIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  products?: Resolver<Array<ResolversTypes['Product']>, ParentType, ContextType>;
  range?: Resolver<ResolversTypes['WidgetRange'], ParentType, ContextType, RequireFields<WidgetRangeArgs, 'from' | 'to'>>;
  store?: Resolver<ResolversTypes['Store'], ParentType, ContextType>;
  week?: Resolver<ResolversTypes['WidgetClicks'], ParentType, ContextType, Partial<WidgetWeekArgs>>;
  weeklyClicks?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<WidgetWeeklyClicksArgs>>;
  weeklyImpressions?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<WidgetWeeklyImpressionsArgs>>;
};

export type WidgetActivityResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['WidgetActivity'] = ResolversParentTypes['WidgetActivity'], FederationReferenceType extends FederationReferenceTypes['WidgetActivity'] = FederationReferenceTypes['WidgetActivity']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WidgetActivity']> | FederationReferenceType, FederationReferenceType, ContextType>;
  clicks?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  impressions?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  until?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  widget?: Resolver<ResolversTypes['Widget'], ParentType, ContextType>;
};

export type WidgetClicksResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['WidgetClicks'] = ResolversParentTypes['WidgetClicks'], FederationReferenceType extends FederationReferenceTypes['WidgetClicks'] = FederationReferenceTypes['WidgetClicks']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WidgetClicks']> | FederationReferenceType, FederationReferenceType, ContextType>;
  clicks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ctr?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  impressions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  previousClicks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  week?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  widget?: Resolver<ResolversTypes['Widget'], ParentType, ContextType>;
};

export type WidgetRangeResolvers<ContextType = ReviewContext, ParentType extends ResolversParentTypes['WidgetRange'] = ResolversParentTypes['WidgetRange'], FederationReferenceType extends FederationReferenceTypes['WidgetRange'] = FederationReferenceTypes['WidgetRange']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WidgetRange']> | FederationReferenceType, FederationReferenceType, ContextType>;
  clicks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ctr?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  impressions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  previousClicks?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  widget?: Resolver<ResolversTypes['Widget'], ParentType, ContextType>;
};

export type Resolvers<ContextType = ReviewContext> = {
  Click?: ClickResolvers<ContextType>;
  HoldoutRun?: HoldoutRunResolvers<ContextType>;
  HoldoutVisitorWeek?: HoldoutVisitorWeekResolvers<ContextType>;
  ImpressionResult?: ImpressionResultResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PlatformProduct?: PlatformProductResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecordClickPayload?: RecordClickPayloadResolvers<ContextType>;
  RecordImpressionsPayload?: RecordImpressionsPayloadResolvers<ContextType>;
  RecordSlotViewsPayload?: RecordSlotViewsPayloadResolvers<ContextType>;
  RunningHoldout?: RunningHoldoutResolvers<ContextType>;
  SlotViewResult?: SlotViewResultResolvers<ContextType>;
  Store?: StoreResolvers<ContextType>;
  StoreActivity?: StoreActivityResolvers<ContextType>;
  WeekClicks?: WeekClicksResolvers<ContextType>;
  Widget?: WidgetResolvers<ContextType>;
  WidgetActivity?: WidgetActivityResolvers<ContextType>;
  WidgetClicks?: WidgetClicksResolvers<ContextType>;
  WidgetRange?: WidgetRangeResolvers<ContextType>;
};

