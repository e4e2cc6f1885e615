import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPhp, moduleDir, run } from './support/php.js';

/**
 * `composer require` from a path repository, offline: a scratch project provides the Magento packages
 * the module requires (Magento itself is not installable here) and a stand-in ComponentRegistrar;
 * the module must install, register itself as Plentygate_Webhooks and autoload its classes.
 */
const hasComposer = hasPhp && spawnSync('composer', ['--version'], { encoding: 'utf8' }).status === 0;
if (hasPhp && !hasComposer) console.warn('composer is not installed: the composer install check is skipped (apt-get install composer)');

const project = mkdtempSync(join(tmpdir(), 'plentygate-composer-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.skipIf(!hasComposer)('Magento module: composer install from a path repository', () => {
  it('installs, registers Plentygate_Webhooks and autoloads its classes', () => {
    mkdirSync(join(project, 'stubs'));
    writeFileSync(join(project, 'stubs/ComponentRegistrar.php'), `<?php
namespace Magento\\Framework\\Component;
class ComponentRegistrar {
    const MODULE = 'module';
    public static array $paths = [];
    public static function register($type, $name, $path) { self::$paths[$type][$name] = $path; }
}
`);
    const provided = {
      'magento/framework': '103.0.7', 'magento/module-backend': '102.0.7', 'magento/module-catalog': '104.0.7',
      'magento/module-catalog-inventory': '100.4.7', 'magento/module-config': '101.2.7', 'magento/module-cron': '100.4.7',
      'magento/module-customer': '103.0.7', 'magento/module-sales': '103.0.7', 'magento/module-store': '101.1.7',
    };
    writeFileSync(join(project, 'composer.json'), JSON.stringify({
      name: 'plentygate/install-check',
      type: 'project',
      repositories: [{ type: 'path', url: moduleDir, options: { symlink: false } }, { 'packagist.org': false }],
      require: { 'plentygate/module-webhooks': '^1.0' },
      provide: provided,
      autoload: { 'psr-4': { 'Magento\\Framework\\Component\\': 'stubs/' } },
    }));
    const install = spawnSync('composer', ['install', '--no-interaction', '--no-progress', '--ignore-platform-req=ext-curl'], {
      cwd: project, encoding: 'utf8', env: { ...process.env, COMPOSER_HOME: join(project, '.composer') },
    });
    expect(install.status, install.stderr).toBe(0);
    const installed = join(project, 'vendor/plentygate/module-webhooks');
    for (const file of ['registration.php', 'etc/module.xml', 'etc/db_schema.xml', 'Model/Outbox/Sender.php']) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    const probe = run('php', ['-r', `require 'vendor/autoload.php';
      echo json_encode([
        'registered' => Magento\\Framework\\Component\\ComponentRegistrar::$paths,
        'signer' => (new Plentygate\\Webhooks\\Model\\Signer())->headers('msg_1', 1, '{}', ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'])['webhook-id'],
      ]);`], { cwd: project });
    expect(JSON.parse(probe.stdout)).toEqual({ registered: { module: { Plentygate_Webhooks: installed } }, signer: 'msg_1' });
  });
});
