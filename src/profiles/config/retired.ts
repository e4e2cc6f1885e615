/**
 * Settings a profile type accepted in earlier versions although nothing read them (features not built
 * yet). A type lists them (`retiredSettings`, dotted paths): a stored config that still holds one keeps
 * loading (the runner leaves it out and says so in the run's history), while saving one is refused with
 * a message that says why, instead of the plain "unknown setting".
 */

/** Retired settings every profile had (the full run's window: a run was never paused at its end). */
export const retiredCommonSettings = ['fullRun.window'] as const;

/** The config without the retired settings it holds, and the dotted paths of those it held. */
export function withoutRetired(config: unknown, typeRetired: readonly string[] | undefined): { config: unknown; removed: string[] } {
  if (!isPlainObject(config)) return { config, removed: [] };
  const retired = [...retiredCommonSettings, ...(typeRetired ?? [])];
  // Found first, copied only when one is there: every run reads its config, and almost none holds one.
  const held = retired.filter((path) => holds(config, path.split('.')));
  if (held.length === 0) return { config, removed: [] };
  const copy = structuredClone(config);
  for (const path of held) {
    const parts = path.split('.');
    const parent = parts.slice(0, -1).reduce<unknown>((node, part) => (isPlainObject(node) ? node[part] : undefined), copy);
    if (isPlainObject(parent)) delete parent[parts.at(-1)!];
  }
  return { config: copy, removed: held };
}

/** Whether the config holds the setting at this dotted path. */
function holds(config: unknown, parts: string[]): boolean {
  let node = config;
  for (const part of parts.slice(0, -1)) node = isPlainObject(node) ? node[part] : undefined;
  return isPlainObject(node) && Object.hasOwn(node, parts.at(-1)!);
}

export function retiredSettingMessage(path: string): string {
  return `${path}: this setting is not built yet in this version of plentygate and would have no effect; remove it (the profile type's README lists what is not built yet)`;
}

/** The note a run writes when its stored config still holds retired settings. */
export function retiredSettingsNote(paths: readonly string[]): string {
  return `Ignored setting(s) ${paths.join(', ')}: not built yet in this version, they never had an effect. Save the profile's config without them to silence this note.`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
