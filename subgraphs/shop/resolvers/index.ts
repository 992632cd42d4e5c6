import type { Resolvers } from "../generated/resolvers.ts";
import { HoldoutRun } from "./HoldoutRun.ts";
import { Mutation } from "./Mutation.ts";
import { Product } from "./Product.ts";
import { Query } from "./Query.ts";
import { Store } from "./Store.ts";
import { WidgetActivity, WidgetClicks, WidgetRange } from "./WidgetFigures.ts";

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Store,
  Product,
  WidgetClicks,
  WidgetRange,
  WidgetActivity,
  HoldoutRun,
};
