/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query StoreHeader($storeId: ID!) {\n    store(id: $storeId) {\n      id\n      name\n      timezone\n      locale\n      currency\n    }\n  }\n": typeof types.StoreHeaderDocument,
    "\n  query WeekOverview($storeId: ID!, $week: String!, $previousWeek: String!, $weeks: Int!) {\n    store(id: $storeId) {\n      id\n      clickSeries(toWeek: $week, weeks: $weeks) {\n        week\n        clicks\n      }\n      salesSeries(toWeek: $week, weeks: $weeks) {\n        week\n        sales {\n          amount\n        }\n        unitsSold\n        attributedSales {\n          amount\n        }\n        attributedOrders\n      }\n      widgets {\n        id\n        name\n        active\n        clicks: weeklyClicks(week: $week)\n        previousClicks: weeklyClicks(week: $previousWeek)\n        figures: week(week: $week) {\n          impressions\n          ctr\n          attributedSales {\n            amount\n          }\n          attributedOrders\n          conversionRate\n        }\n        products {\n          id\n          name\n        }\n      }\n      topProducts(week: $week, first: 50) {\n        product {\n          id\n          name\n        }\n        sales {\n          amount\n        }\n        previousSales {\n          amount\n        }\n        unitsSold\n      }\n    }\n  }\n": typeof types.WeekOverviewDocument,
    "\n  query RangeOverview($storeId: ID!, $from: String!, $to: String!) {\n    store(id: $storeId) {\n      id\n      widgets {\n        id\n        name\n        active\n        figures: range(from: $from, to: $to) {\n          clicks\n          impressions\n          ctr\n          attributedSales {\n            amount\n          }\n          attributedOrders\n          conversionRate\n        }\n        products {\n          id\n          name\n          sales(from: $from, to: $to) {\n            amount\n          }\n        }\n      }\n    }\n  }\n": typeof types.RangeOverviewDocument,
    "\n  query StoreSettings($storeId: ID!) {\n    store(id: $storeId) {\n      id\n      reportRecipients\n      pendingRecipients {\n        email\n        expiresAt\n        expired\n      }\n      suppressedRecipients {\n        email\n        reason\n        suppressedAt\n      }\n      reportSchedule {\n        dayOfWeek\n        hour\n        paused\n      }\n      platformConnections {\n        platform\n        source\n        webhookPath\n        topics\n        connectedAt\n        lastReceivedAt\n        lastRefusedAt\n        lastRefusal\n        lastFailedAt\n        lastFailure\n      }\n      settingsChanges(first: 50) {\n        id\n        at\n        action\n        email\n        dayOfWeek\n        hour\n        by\n        byRef\n      }\n    }\n  }\n": typeof types.StoreSettingsDocument,
    "\n  mutation AddRecipient($storeId: ID!, $email: String!) {\n    addReportRecipient(storeId: $storeId, email: $email) {\n      id\n    }\n  }\n": typeof types.AddRecipientDocument,
    "\n  mutation RemoveRecipient($storeId: ID!, $email: String!) {\n    removeReportRecipient(storeId: $storeId, email: $email) {\n      id\n    }\n  }\n": typeof types.RemoveRecipientDocument,
    "\n  mutation SetSchedule($storeId: ID!, $dayOfWeek: Int!, $hour: Int!) {\n    setReportSchedule(storeId: $storeId, dayOfWeek: $dayOfWeek, hour: $hour) {\n      id\n    }\n  }\n": typeof types.SetScheduleDocument,
    "\n  mutation SetPaused($storeId: ID!, $paused: Boolean!) {\n    setReportPaused(storeId: $storeId, paused: $paused) {\n      id\n    }\n  }\n": typeof types.SetPausedDocument,
};
const documents: Documents = {
    "\n  query StoreHeader($storeId: ID!) {\n    store(id: $storeId) {\n      id\n      name\n      timezone\n      locale\n      currency\n    }\n  }\n": types.StoreHeaderDocument,
    "\n  query WeekOverview($storeId: ID!, $week: String!, $previousWeek: String!, $weeks: Int!) {\n    store(id: $storeId) {\n      id\n      clickSeries(toWeek: $week, weeks: $weeks) {\n        week\n        clicks\n      }\n      salesSeries(toWeek: $week, weeks: $weeks) {\n        week\n        sales {\n          amount\n        }\n        unitsSold\n        attributedSales {\n          amount\n        }\n        attributedOrders\n      }\n      widgets {\n        id\n        name\n        active\n        clicks: weeklyClicks(week: $week)\n        previousClicks: weeklyClicks(week: $previousWeek)\n        figures: week(week: $week) {\n          impressions\n          ctr\n          attributedSales {\n            amount\n          }\n          attributedOrders\n          conversionRate\n        }\n        products {\n          id\n          name\n        }\n      }\n      topProducts(week: $week, first: 50) {\n        product {\n          id\n          name\n        }\n        sales {\n          amount\n        }\n        previousSales {\n          amount\n        }\n        unitsSold\n      }\n    }\n  }\n": types.WeekOverviewDocument,
    "\n  query RangeOverview($storeId: ID!, $from: String!, $to: String!) {\n    store(id: $storeId) {\n      id\n      widgets {\n        id\n        name\n        active\n        figures: range(from: $from, to: $to) {\n          clicks\n          impressions\n          ctr\n          attributedSales {\n            amount\n          }\n          attributedOrders\n          conversionRate\n        }\n        products {\n          id\n          name\n          sales(from: $from, to: $to) {\n            amount\n          }\n        }\n      }\n    }\n  }\n": types.RangeOverviewDocument,
    "\n  query StoreSettings($storeId: ID!) {\n    store(id: $storeId) {\n      id\n      reportRecipients\n      pendingRecipients {\n        email\n        expiresAt\n        expired\n      }\n      suppressedRecipients {\n        email\n        reason\n        suppressedAt\n      }\n      reportSchedule {\n        dayOfWeek\n        hour\n        paused\n      }\n      platformConnections {\n        platform\n        source\n        webhookPath\n        topics\n        connectedAt\n        lastReceivedAt\n        lastRefusedAt\n        lastRefusal\n        lastFailedAt\n        lastFailure\n      }\n      settingsChanges(first: 50) {\n        id\n        at\n        action\n        email\n        dayOfWeek\n        hour\n        by\n        byRef\n      }\n    }\n  }\n": types.StoreSettingsDocument,
    "\n  mutation AddRecipient($storeId: ID!, $email: String!) {\n    addReportRecipient(storeId: $storeId, email: $email) {\n      id\n    }\n  }\n": types.AddRecipientDocument,
    "\n  mutation RemoveRecipient($storeId: ID!, $email: String!) {\n    removeReportRecipient(storeId: $storeId, email: $email) {\n      id\n    }\n  }\n": types.RemoveRecipientDocument,
    "\n  mutation SetSchedule($storeId: ID!, $dayOfWeek: Int!, $hour: Int!) {\n    setReportSchedule(storeId: $storeId, dayOfWeek: $dayOfWeek, hour: $hour) {\n      id\n    }\n  }\n": types.SetScheduleDocument,
    "\n  mutation SetPaused($storeId: ID!, $paused: Boolean!) {\n    setReportPaused(storeId: $storeId, paused: $paused) {\n      id\n    }\n  }\n": types.SetPausedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreHeader($storeId: ID!) {\n    store(id: $storeId) {\n      id\n      name\n      timezone\n      locale\n      currency\n    }\n  }\n"): (typeof documents)["\n  query StoreHeader($storeId: ID!) {\n    store(id: $storeId) {\n      id\n      name\n      timezone\n      locale\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WeekOverview($storeId: ID!, $week: String!, $previousWeek: String!, $weeks: Int!) {\n    store(id: $storeId) {\n      id\n      clickSeries(toWeek: $week, weeks: $weeks) {\n        week\n        clicks\n      }\n      salesSeries(toWeek: $week, weeks: $weeks) {\n        week\n        sales {\n          amount\n        }\n        unitsSold\n        attributedSales {\n          amount\n        }\n        attributedOrders\n      }\n      widgets {\n        id\n        name\n        active\n        clicks: weeklyClicks(week: $week)\n        previousClicks: weeklyClicks(week: $previousWeek)\n        figures: week(week: $week) {\n          impressions\n          ctr\n          attributedSales {\n            amount\n          }\n          attributedOrders\n          conversionRate\n        }\n        products {\n          id\n          name\n        }\n      }\n      topProducts(week: $week, first: 50) {\n        product {\n          id\n          name\n        }\n        sales {\n          amount\n        }\n        previousSales {\n          amount\n        }\n        unitsSold\n      }\n    }\n  }\n"): (typeof documents)["\n  query WeekOverview($storeId: ID!, $week: String!, $previousWeek: String!, $weeks: Int!) {\n    store(id: $storeId) {\n      id\n      clickSeries(toWeek: $week, weeks: $weeks) {\n        week\n        clicks\n      }\n      salesSeries(toWeek: $week, weeks: $weeks) {\n        week\n        sales {\n          amount\n        }\n        unitsSold\n        attributedSales {\n          amount\n        }\n        attributedOrders\n      }\n      widgets {\n        id\n        name\n        active\n        clicks: weeklyClicks(week: $week)\n        previousClicks: weeklyClicks(week: $previousWeek)\n        figures: week(week: $week) {\n          impressions\n          ctr\n          attributedSales {\n            amount\n          }\n          attributedOrders\n          conversionRate\n        }\n        products {\n          id\n          name\n        }\n      }\n      topProducts(week: $week, first: 50) {\n        product {\n          id\n          name\n        }\n        sales {\n          amount\n        }\n        previousSales {\n          amount\n        }\n        unitsSold\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RangeOverview($storeId: ID!, $from: String!, $to: String!) {\n    store(id: $storeId) {\n      id\n      widgets {\n        id\n        name\n        active\n        figures: range(from: $from, to: $to) {\n          clicks\n          impressions\n          ctr\n          attributedSales {\n            amount\n          }\n          attributedOrders\n          conversionRate\n        }\n        products {\n          id\n          name\n          sales(from: $from, to: $to) {\n            amount\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RangeOverview($storeId: ID!, $from: String!, $to: String!) {\n    store(id: $storeId) {\n      id\n      widgets {\n        id\n        name\n        active\n        figures: range(from: $from, to: $to) {\n          clicks\n          impressions\n          ctr\n          attributedSales {\n            amount\n          }\n          attributedOrders\n          conversionRate\n        }\n        products {\n          id\n          name\n          sales(from: $from, to: $to) {\n            amount\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreSettings($storeId: ID!) {\n    store(id: $storeId) {\n      id\n      reportRecipients\n      pendingRecipients {\n        email\n        expiresAt\n        expired\n      }\n      suppressedRecipients {\n        email\n        reason\n        suppressedAt\n      }\n      reportSchedule {\n        dayOfWeek\n        hour\n        paused\n      }\n      platformConnections {\n        platform\n        source\n        webhookPath\n        topics\n        connectedAt\n        lastReceivedAt\n        lastRefusedAt\n        lastRefusal\n        lastFailedAt\n        lastFailure\n      }\n      settingsChanges(first: 50) {\n        id\n        at\n        action\n        email\n        dayOfWeek\n        hour\n        by\n        byRef\n      }\n    }\n  }\n"): (typeof documents)["\n  query StoreSettings($storeId: ID!) {\n    store(id: $storeId) {\n      id\n      reportRecipients\n      pendingRecipients {\n        email\n        expiresAt\n        expired\n      }\n      suppressedRecipients {\n        email\n        reason\n        suppressedAt\n      }\n      reportSchedule {\n        dayOfWeek\n        hour\n        paused\n      }\n      platformConnections {\n        platform\n        source\n        webhookPath\n        topics\n        connectedAt\n        lastReceivedAt\n        lastRefusedAt\n        lastRefusal\n        lastFailedAt\n        lastFailure\n      }\n      settingsChanges(first: 50) {\n        id\n        at\n        action\n        email\n        dayOfWeek\n        hour\n        by\n        byRef\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddRecipient($storeId: ID!, $email: String!) {\n    addReportRecipient(storeId: $storeId, email: $email) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddRecipient($storeId: ID!, $email: String!) {\n    addReportRecipient(storeId: $storeId, email: $email) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveRecipient($storeId: ID!, $email: String!) {\n    removeReportRecipient(storeId: $storeId, email: $email) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveRecipient($storeId: ID!, $email: String!) {\n    removeReportRecipient(storeId: $storeId, email: $email) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSchedule($storeId: ID!, $dayOfWeek: Int!, $hour: Int!) {\n    setReportSchedule(storeId: $storeId, dayOfWeek: $dayOfWeek, hour: $hour) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SetSchedule($storeId: ID!, $dayOfWeek: Int!, $hour: Int!) {\n    setReportSchedule(storeId: $storeId, dayOfWeek: $dayOfWeek, hour: $hour) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPaused($storeId: ID!, $paused: Boolean!) {\n    setReportPaused(storeId: $storeId, paused: $paused) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SetPaused($storeId: ID!, $paused: Boolean!) {\n    setReportPaused(storeId: $storeId, paused: $paused) {\n      id\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;