/** The queue every profile run goes through, and its job name. */
export const PROFILE_QUEUE = 'profiles';
export const RUN_JOB = 'run';
/** The nightly job that deletes run history older than each profile's `logging.historyDays`. */
export const HISTORY_CLEANUP_JOB = 'history-cleanup';
