/**
 * The public mutations the tracker sends, written out minified: they are a large part of its gzipped
 * size. `operations.test.ts` checks them against the API schema, as codegen checks every other operation.
 */
export const IMPRESSIONS_MUTATION =
  "mutation($input:RecordImpressionsInput!){recordImpressions(input:$input){results{accepted}}}";
export const CLICK_MUTATION = "mutation($input:RecordClickInput!){recordClick(input:$input){accepted}}";
export const SLOT_VIEWS_MUTATION =
  "mutation($input:RecordSlotViewsInput!){recordSlotViews(input:$input){results{accepted duplicate}}}";
