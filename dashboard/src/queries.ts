import { graphql } from "./gql/index.ts";

/** The page's first request: who the store is (and whether the link lets us in at all). */
export const StoreHeaderQuery = graphql(`
  query StoreHeader($storeId: ID!) {
    store(id: $storeId) {
      id
      name
      timezone
      locale
      currency
    }
  }
`);

/** Everything one week's overview shows, in the second and last request. */
export const WeekOverviewQuery = graphql(`
  query WeekOverview($storeId: ID!, $week: String!, $weeks: Int!) {
    store(id: $storeId) {
      id
      clickSeries(toWeek: $week, weeks: $weeks) {
        week
        clicks
      }
      salesSeries(toWeek: $week, weeks: $weeks) {
        week
        sales {
          amount
        }
        unitsSold
        attributedSales {
          amount
        }
        attributedOrders
      }
      widgetWeeks(week: $week) {
        widget {
          id
          name
          active
          products {
            id
            name
          }
        }
        clicks
        previousClicks
        impressions
        ctr
        attributedSales {
          amount
        }
        attributedOrders
        conversionRate
      }
      topProducts(week: $week, first: 50) {
        product {
          id
        }
        sales {
          amount
        }
        previousSales {
          amount
        }
        unitsSold
      }
    }
  }
`);

/** A date range: every widget's clicks, impressions and credited sales, and every shown product's sales over it. */
export const RangeOverviewQuery = graphql(`
  query RangeOverview($storeId: ID!, $from: String!, $to: String!) {
    store(id: $storeId) {
      id
      widgetRanges(from: $from, to: $to) {
        widget {
          id
          name
          active
          products {
            id
            name
            sales(from: $from, to: $to) {
              amount
            }
          }
        }
        clicks
        impressions
        ctr
        attributedSales {
          amount
        }
        attributedOrders
        conversionRate
      }
    }
  }
`);

/** The running holdouts' looks, each week since they started (the week page's holdouts panel). */
export const StoreHoldoutsQuery = graphql(`
  query StoreHoldouts($storeId: ID!) {
    store(id: $storeId) {
      id
      holdouts {
        id
        share
        startedAt
        widget {
          id
          name
        }
        looks {
          week
          verdict
          visitorsStillNeeded
          exposed {
            visitors
            revenuePerVisitor {
              amount
            }
          }
          heldOut {
            visitors
            revenuePerVisitor {
              amount
            }
          }
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
    }
  }
`);

/** Each widget's holdout and its runs (the settings page's holdouts section; the store's owner only). */
export const WidgetHoldoutsQuery = graphql(`
  query WidgetHoldouts($storeId: ID!) {
    store(id: $storeId) {
      id
      widgets {
        id
        name
        active
        holdout {
          id
          share
        }
        holdoutRuns {
          id
          share
          startedAt
          stoppedAt
        }
      }
    }
  }
`);

export const SetHoldoutMutation = graphql(`
  mutation SetHoldout($widgetId: ID!, $share: Int!) {
    setWidgetHoldout(widgetId: $widgetId, share: $share) {
      id
    }
  }
`);

/** The settings page: everything it shows, in one request, read again after each change. */
export const StoreSettingsQuery = graphql(`
  query StoreSettings($storeId: ID!) {
    store(id: $storeId) {
      id
      reportRecipients
      pendingRecipients {
        email
        expiresAt
        expired
      }
      suppressedRecipients {
        email
        reason
        suppressedAt
      }
      reportSchedule {
        dayOfWeek
        hour
        paused
        cadence
      }
      alertDestinations {
        email
        slack {
          hint
          reports
          pausedAt
          pausedReason
        }
      }
      platformConnections {
        platform
        source
        webhookPath
        topics
        connectedAt
        lastReceivedAt
        lastRefusedAt
        lastRefusal
        lastFailedAt
        lastFailure
      }
      settingsChanges(first: 50) {
        id
        at
        action
        email
        dayOfWeek
        hour
        by
        byRef
      }
    }
  }
`);

export const SetCadenceMutation = graphql(`
  mutation SetCadence($storeId: ID!, $cadence: ReportCadence!) {
    setReportCadence(storeId: $storeId, cadence: $cadence) {
      id
    }
  }
`);

export const SetAlertDestinationsMutation = graphql(`
  mutation SetAlertDestinations($storeId: ID!, $input: AlertDestinationsInput!) {
    setAlertDestinations(storeId: $storeId, input: $input) {
      id
    }
  }
`);

export const AddRecipientMutation = graphql(`
  mutation AddRecipient($storeId: ID!, $email: String!) {
    addReportRecipient(storeId: $storeId, email: $email) {
      id
    }
  }
`);

export const RemoveRecipientMutation = graphql(`
  mutation RemoveRecipient($storeId: ID!, $email: String!) {
    removeReportRecipient(storeId: $storeId, email: $email) {
      id
    }
  }
`);

export const SetScheduleMutation = graphql(`
  mutation SetSchedule($storeId: ID!, $dayOfWeek: Int!, $hour: Int!) {
    setReportSchedule(storeId: $storeId, dayOfWeek: $dayOfWeek, hour: $hour) {
      id
    }
  }
`);

export const SetPausedMutation = graphql(`
  mutation SetPaused($storeId: ID!, $paused: Boolean!) {
    setReportPaused(storeId: $storeId, paused: $paused) {
      id
    }
  }
`);
