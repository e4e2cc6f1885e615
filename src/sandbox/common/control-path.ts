/** The control sub-app lives under this prefix; it is never counted, throttled or faulted. */
export const CONTROL_PREFIX = '/_sandbox';

export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(CONTROL_PREFIX + '/');
}
