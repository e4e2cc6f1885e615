import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPhpunit, moduleDir, run } from './support/php.js';

/**
 * The module's PHPUnit suite (payload building, signing, the outbox recorder, the sender's retry
 * schedule and outcomes), run without Magento. It lives in the module (Test/Unit) so the module
 * ships with its tests.
 */
describe.skipIf(!hasPhpunit)('Magento module PHPUnit suite', () => {
  it('passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plentygate-phpunit-'));
    const result = run('phpunit', ['-c', 'phpunit.xml.dist', '--log-junit', join(dir, 'junit.xml')], { cwd: moduleDir, allowFailure: true });
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    const summary = /<testsuite name="Plentygate_Webhooks" tests="(\d+)" assertions="(\d+)" errors="(\d+)" warnings="(\d+)" failures="(\d+)" skipped="(\d+)"/.exec(junit);
    expect(summary, result.stdout + result.stderr).not.toBeNull();
    const [, tests, , errors, warnings, failures, skipped] = summary!.map(Number);
    expect({ errors, warnings, failures, skipped }, result.stdout).toEqual({ errors: 0, warnings: 0, failures: 0, skipped: 0 });
    expect(tests).toBeGreaterThanOrEqual(45);
    expect(result.status).toBe(0);
  });
});
