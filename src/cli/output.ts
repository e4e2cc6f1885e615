import Table from 'cli-table3';

/** Output for people (tables) or scripts (`--json`), always on stdout; logs go to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(rows: Record<string, unknown>[], columns: [key: string, title: string][]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const table = new Table({ head: columns.map(([, title]) => title), style: { head: [], border: [] } });
  for (const row of rows) table.push(columns.map(([key]) => formatCell(row[key])));
  process.stdout.write(table.toString() + '\n');
}

export function printFields(fields: [title: string, value: unknown][]): void {
  const width = Math.max(...fields.map(([t]) => t.length));
  for (const [title, value] of fields) process.stdout.write(`${title.padEnd(width)}  ${formatCell(value)}\n`);
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
