/** The languages the emails and the dashboard are written in. */
export type Language = "en" | "ko";

/** The language of a store locale such as `ko`, `ko-KR` or `en-GB`: Korean for `ko`, English otherwise. */
export function languageOf(locale: string): Language {
  return locale.toLowerCase().startsWith("ko") ? "ko" : "en";
}
