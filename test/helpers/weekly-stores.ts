import type postgres from "postgres";

/**
 * `count` stores using the feature, one recipient each (`owner<n>@store.example`), spread over four
 * timezones, locales and currencies; ids are `md5('<prefix>:' || n)`, so other rows can name them.
 */
export async function insertWeeklyStores(shop: postgres.Sql, prefix: string, count: number) {
  await shop`
    insert into stores (id, name, timezone, locale, currency, list_designer_enabled, report_recipients)
    select md5(${prefix} || ':' || n)::uuid, 'Store ' || n,
           (array['Asia/Seoul','Pacific/Auckland','Europe/Berlin','America/New_York'])[1 + n % 4],
           (array['ko','en','en','en'])[1 + n % 4], (array['KRW','NZD','EUR','USD'])[1 + n % 4],
           true, array['owner' || n || '@store.example']
    from generate_series(1, ${count}) n`;
}
