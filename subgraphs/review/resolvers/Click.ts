import type { ClickResolvers } from "../generated/resolvers.ts";

export const Click: ClickResolvers = {
  occurredAt: (click) => click.occurredAt.toISOString(),
};
