/** The queue every profile run goes through, and its job name. */
export const PROFILE_QUEUE = 'profiles';
export const RUN_JOB = 'run';
