import { createHash, randomBytes } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import { addressKey } from "../../../../lib/address-key.ts";
import type { ReviewDb } from "../index.ts";
import { visitorSalts } from "../schema.ts";

/**
 * Turns a client address and user agent into an opaque visitor id: a hash salted with a random value of the
 * day (UTC). Salts live in the database so every review instance agrees, and are deleted after two days,
 * after which nobody (us included) can link a hash back to an address. The address itself is never stored.
 */
export class VisitorHasher {
  private readonly salts = new Map<string, Promise<string>>();

  constructor(private readonly db: ReviewDb) {}

  async hash(address: string, userAgent: string, at: Date): Promise<{ visitor: string; origin: string }> {
    const salt = await this.saltOf(dayOf(at));
    const digest = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 32);
    // The visitor (address and browser), and the origin (the address alone, an IPv6 one by its /64) that
    // caps what rotating the user agent or the address within one's own /64 could count.
    return {
      visitor: digest(`${salt}\0${address}\0${userAgent}`),
      origin: digest(`${salt}\0${addressKey(address)}`),
    };
  }

  /**
   * Makes today's and tomorrow's salts ahead of the clicks (maintenance runs at start and hourly), so that
   * a click, even one refused as bad input, never has to write one.
   */
  async prepare(now: Date): Promise<void> {
    for (const day of [dayOf(now), dayOf(new Date(now.getTime() + 86_400_000))]) await this.makeSalt(day);
  }

  private saltOf(day: string): Promise<string> {
    let salt = this.salts.get(day);
    if (!salt) {
      salt = this.loadSalt(day);
      salt.catch(() => this.salts.delete(day)); // a failed load is retried by the next click
      this.salts.clear(); // only today's salt is ever needed again
      this.salts.set(day, salt);
    }
    return salt;
  }

  private async loadSalt(day: string): Promise<string> {
    const read = async () => (await this.db.select().from(visitorSalts).where(eq(visitorSalts.day, day)))[0];
    // Normally made ahead by `prepare`; made here only when maintenance has not run since the day began.
    let row = await read();
    if (!row) {
      await this.makeSalt(day);
      // Read back rather than trust our insert: another instance may have made the day's salt first.
      row = await read();
    }
    if (!row) throw new Error(`No visitor salt for ${day}`);
    return row.salt;
  }

  /** A random salt for `day`, unless one exists (made by another instance, or earlier). */
  private async makeSalt(day: string): Promise<void> {
    await this.db
      .insert(visitorSalts)
      .values({ day, salt: randomBytes(32).toString("base64url") })
      .onConflictDoNothing();
  }
}

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Salts older than yesterday are no longer used by anyone. */
export async function deleteOldSalts(db: ReviewDb, now: Date): Promise<void> {
  const yesterday = dayOf(new Date(now.getTime() - 86_400_000));
  await db.delete(visitorSalts).where(lt(visitorSalts.day, yesterday));
}
