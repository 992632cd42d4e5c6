import type { GraphQLResolveInfo } from 'graphql';
import type { StoreParent as StoreParentModel } from '../resolvers/Store.ts';
import type { ProductRef as ProductRefModel } from '../resolvers/Product.ts';
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

/** An exact amount of money. */
export type Money = {
  __typename?: 'Money';
  /** Decimal string, never a float, e.g. 12500.00. */
  amount: Scalars['String']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Removes an address from a store's report recipients (the store's own token). Removing an absent address is a no-op. */
  removeReportRecipient: Store;
};


export type MutationRemoveReportRecipientArgs = {
  email: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
  /** Sales between two dates (YYYY-MM-DD, both inclusive, at most 366 days) in the store's timezone. */
  sales: Money;
  /** Owned by review; shop needs the store for its currency and timezone. */
  store: Store;
  /** Units sold in the ISO week (default: last completed). */
  unitsSold: Scalars['Int']['output'];
  /** Σ quantity × unit price over lines of paid or fulfilled orders placed in the ISO week (default: last completed). */
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

export type Store = {
  __typename?: 'Store';
  /** ISO 4217 code of every amount in this store. */
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  listDesignerEnabled: Scalars['Boolean']['output'];
  /** Language of the store's reports, e.g. ko or en. */
  locale: Scalars['String']['output'];
  name: Scalars['String']['output'];
  reportRecipients: Array<Scalars['String']['output']>;
  /**
   * Sales and units of the products shown in the store's widgets (the set `topProducts` ranks) in each of
   * the `weeks` ISO weeks (1 to 53) that end with `toWeek` (default: the last completed week), oldest first.
   * Answered in a fixed number of SQL statements whatever the number of weeks.
   */
  salesSeries?: Maybe<Array<WeekSales>>;
  /** IANA timezone; weeks and dates of this store are read in it. */
  timezone: Scalars['String']['output'];
  /**
   * Among the products shown in the store's widgets, those with the highest sales in the ISO week (default:
   * the last completed week in the store's timezone): sales desc, then units desc, then product id. Products
   * that sold nothing that week are left out. At most 50.
   */
  topProducts: Array<ProductSales>;
  /** Owned by review: the products shown in the store's active widgets. */
  widgetProductIds: Array<Scalars['ID']['output']>;
};


export type StoreSalesSeriesArgs = {
  toWeek?: InputMaybe<Scalars['String']['input']>;
  weeks?: InputMaybe<Scalars['Int']['input']>;
};


export type StoreTopProductsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  week?: InputMaybe<Scalars['String']['input']>;
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

/** The sales of a store's widget products in one ISO week. */
export type WeekSales = {
  __typename?: 'WeekSales';
  sales: Money;
  unitsSold: Scalars['Int']['output'];
  week: Scalars['String']['output'];
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
  Product: Product;
  Store: Store;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
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
        | GraphQLRecursivePick<FederationTypes['Store'], {"widgetProductIds":true}> ) );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Money: ResolverTypeWrapper<Money>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Product: ResolverTypeWrapper<ProductRefModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ProductSales: ResolverTypeWrapper<Omit<ProductSales, 'product'> & { product: ResolversTypes['Product'] }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Store: ResolverTypeWrapper<StoreParentModel>;
  StoreConnection: ResolverTypeWrapper<Omit<StoreConnection, 'edges'> & { edges: Array<ResolversTypes['StoreEdge']> }>;
  StoreEdge: ResolverTypeWrapper<Omit<StoreEdge, 'node'> & { node: ResolversTypes['Store'] }>;
  WeekSales: ResolverTypeWrapper<WeekSales>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Money: Money;
  String: Scalars['String']['output'];
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Product: ProductRefModel;
  Int: Scalars['Int']['output'];
  ProductSales: Omit<ProductSales, 'product'> & { product: ResolversParentTypes['Product'] };
  Query: Record<PropertyKey, never>;
  Store: StoreParentModel;
  StoreConnection: Omit<StoreConnection, 'edges'> & { edges: Array<ResolversParentTypes['StoreEdge']> };
  StoreEdge: Omit<StoreEdge, 'node'> & { node: ResolversParentTypes['Store'] };
  WeekSales: WeekSales;
};

export type MoneyResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  removeReportRecipient?: Resolver<ResolversTypes['Store'], ParentType, ContextType, RequireFields<MutationRemoveReportRecipientArgs, 'email' | 'storeId'>>;
};

export type PageInfoResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
  store?: Resolver<Maybe<ResolversTypes['Store']>, ParentType, ContextType, RequireFields<QueryStoreArgs, 'id'>>;
  stores?: Resolver<ResolversTypes['StoreConnection'], ParentType, ContextType, RequireFields<QueryStoresArgs, 'first'>>;
  storesByIds?: Resolver<Array<Maybe<ResolversTypes['Store']>>, ParentType, ContextType, RequireFields<QueryStoresByIdsArgs, 'ids'>>;
};

export type StoreResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['Store'] = ResolversParentTypes['Store'], FederationReferenceType extends FederationReferenceTypes['Store'] = FederationReferenceTypes['Store']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Store']> | FederationReferenceType, FederationReferenceType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  listDesignerEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  locale?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reportRecipients?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  salesSeries?: Resolver<Maybe<Array<ResolversTypes['WeekSales']>>, ParentType, ContextType, RequireFields<StoreSalesSeriesArgs, 'weeks'>>;
  timezone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topProducts?: Resolver<Array<ResolversTypes['ProductSales']>, ParentType, ContextType, RequireFields<StoreTopProductsArgs, 'first'>>;
};

export type StoreConnectionResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['StoreConnection'] = ResolversParentTypes['StoreConnection']> = {
  edges?: Resolver<Array<ResolversTypes['StoreEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type StoreEdgeResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['StoreEdge'] = ResolversParentTypes['StoreEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Store'], ParentType, ContextType>;
};

export type WeekSalesResolvers<ContextType = ShopContext, ParentType extends ResolversParentTypes['WeekSales'] = ResolversParentTypes['WeekSales']> = {
  sales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  unitsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  week?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = ShopContext> = {
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  ProductSales?: ProductSalesResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Store?: StoreResolvers<ContextType>;
  StoreConnection?: StoreConnectionResolvers<ContextType>;
  StoreEdge?: StoreEdgeResolvers<ContextType>;
  WeekSales?: WeekSalesResolvers<ContextType>;
};

