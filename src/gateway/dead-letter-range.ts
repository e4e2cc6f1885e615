import type { DeadLetters } from './dead-letters.js';

/**
 * Replays the dead jobs that failed between `from` (inclusive) and `to` (exclusive), e.g. those of an
 * outage once it is over, leaving older ones for a closer look. Pages through the whole list (newest
 * first); returns how many went back to the queue.
 */
export async function replayDeadBetween(deadLetters: DeadLetters, from: Date, to: Date): Promise<number> {
  const picked: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await deadLetters.list({ limit: 1000, offset });
    for (const job of page) {
      const at = job.finishedAt?.getTime();
      if (at !== undefined && at >= from.getTime() && at < to.getTime()) picked.push(`${job.queue}/${job.id}`);
    }
    if (page.length < 1000) break;
  }
  let replayed = 0;
  for (const id of picked) if (await deadLetters.replay(id)) replayed++;
  return replayed;
}
