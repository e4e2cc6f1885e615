/**
 * Caps of the admin API (documented in src/gateway/README.md). Each protects the gateway or the
 * database from a request far beyond any real use, and a request above one is refused with a 4xx that
 * names the cap.
 */

/** Largest admin API request body; a config document is a few kilobytes. */
export const ADMIN_MAX_BODY_BYTES = 1024 * 1024;
/** Schedules one profile may have (each is a cron job of the scheduler). */
export const MAX_SCHEDULES = 50;
/** Source keys one manual `ids` run may name (larger sets: a full or delta run). */
export const MAX_RUN_IDS = 1000;
