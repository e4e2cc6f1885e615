/** The position of `id` among the first `count` of the ascending `ids`, -1 when not there (binary search). */
export function indexOfId(ids: readonly number[], id: number, count = ids.length): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
