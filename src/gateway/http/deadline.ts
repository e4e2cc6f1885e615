/**
 * The promise's outcome, or a rejection with `message` once `ms` passed. The promise itself runs on
 * (there is no cancelling a query or a queue call); its late outcome is ignored.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => {}); // a late rejection, after the deadline answered, is not unhandled
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
