import type { Resolvers } from "../generated/resolvers.ts";
import { Click } from "./Click.ts";
import { HoldoutRun } from "./HoldoutRun.ts";
import { Mutation } from "./Mutation.ts";
import { Product } from "./Product.ts";
import { Query } from "./Query.ts";
import { Store } from "./Store.ts";
import { Widget } from "./Widget.ts";
import { WidgetClicks, WidgetRange } from "./WidgetClicks.ts";

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Store,
  Widget,
  WidgetClicks,
  WidgetRange,
  Click,
  Product,
  HoldoutRun,
};
