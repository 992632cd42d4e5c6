/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ImpressionInput = {
  /** A UUID the tracker makes for each impression, so a retried batch is counted once. */
  impressionId: string | number;
  widgetId: string | number;
};

export type RecordClickInput = {
  /** A UUID the widget makes for each click, so a retried request is stored once. */
  clickId: string | number;
  /** The product clicked, if the click was on one; it must be shown in the widget. */
  productId?: string | number | null | undefined;
  widgetId: string | number;
};

export type RecordImpressionsInput = {
  impressions: Array<ImpressionInput>;
};

export type RecordClickMutationVariables = Exact<{
  input: RecordClickInput;
}>;


export type RecordClickMutation = { recordClick: { accepted: boolean, duplicate: boolean } };

export type RecordImpressionsMutationVariables = Exact<{
  input: RecordImpressionsInput;
}>;


export type RecordImpressionsMutation = { recordImpressions: { results: Array<{ accepted: boolean }> } };

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

export const RecordClickDocument = new TypedDocumentString(`
    mutation RecordClick($input: RecordClickInput!) {
  recordClick(input: $input) {
    accepted
    duplicate
  }
}
    `) as unknown as TypedDocumentString<RecordClickMutation, RecordClickMutationVariables>;
export const RecordImpressionsDocument = new TypedDocumentString(`
    mutation RecordImpressions($input: RecordImpressionsInput!) {
  recordImpressions(input: $input) {
    results {
      accepted
    }
  }
}
    `) as unknown as TypedDocumentString<RecordImpressionsMutation, RecordImpressionsMutationVariables>;