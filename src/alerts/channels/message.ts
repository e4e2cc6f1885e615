import type { AlertRow } from '../store.js';

/** One message for a batch of alerts: the subject names the worst of them, the text lists each. */
export function subjectOf(batch: readonly AlertRow[]): string {
  const worst = [...batch].sort((a, b) => rank(b.level) - rank(a.level))[0]!;
  const more = batch.length > 1 ? ` (+${batch.length - 1} more)` : '';
  return `[plentygate] ${worst.level}: ${worst.title}${more}`;
}

export function textOf(batch: readonly AlertRow[]): string {
  const lines = batch.map((a) => {
    const repeats = a.repeats > 0 ? ` (${a.repeats} repeat${a.repeats > 1 ? 's' : ''} until ${a.lastSeenAt.toISOString()})` : '';
    return [`${a.level.toUpperCase()} ${a.createdAt.toISOString()} ${a.title}${repeats}`, ...(a.detail ? [indent(a.detail)] : []), `key: ${a.key}`].join('\n');
  });
  return `${batch.length} alert${batch.length > 1 ? 's' : ''} from plentygate:\n\n${lines.join('\n\n')}\n`;
}

/** The webhook payload, in the Standard Webhooks shape: type, timestamp, data. */
export function payloadOf(batch: readonly AlertRow[], now = new Date()): string {
  return JSON.stringify({
    type: 'plentygate.alerts',
    timestamp: now.toISOString(),
    data: {
      alerts: batch.map((a) => ({
        id: a.id, kind: a.kind, key: a.key, level: a.level, title: a.title, detail: a.detail,
        repeats: a.repeats, createdAt: a.createdAt.toISOString(), lastSeenAt: a.lastSeenAt.toISOString(),
      })),
    },
  });
}

function rank(level: AlertRow['level']): number {
  return level === 'error' ? 2 : level === 'warning' ? 1 : 0;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
