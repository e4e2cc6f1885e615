import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPhp, moduleDir, run, supportDir, xsdDir } from './support/php.js';

/**
 * The Magento module's files, checked without a Magento install: PHP syntax, XML well-formedness and
 * Magento's XSDs where they are vendored, and the cross-references Magento would only find at
 * `setup:di:compile` or at run time (classes named in XML, events, config paths, schema whitelist).
 */
function filesIn(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesIn(path, suffix);
    return path.endsWith(suffix) ? [path] : [];
  });
}
const read = (path: string) => readFileSync(join(moduleDir, path), 'utf8');
const attrs = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]!);

interface XmlCheck { file: string; wellFormed: boolean; schema: string | null; errors: string[] }
function checkXml(dir: string): XmlCheck[] {
  return run('php', [join(supportDir, 'check-xml.php'), dir, xsdDir]).stdout.trim().split('\n').map((l) => JSON.parse(l));
}

function catalog(): { code: string; type: string; source: string }[] {
  const script = `require '${moduleDir}/Test/Unit/bootstrap.php'; $c = new Plentygate\\Webhooks\\Model\\EventCatalog();
    echo json_encode(array_map(fn ($code) => ['code' => $code] + $c->get($code), $c->codes()));`;
  return JSON.parse(run('php', ['-r', script]).stdout);
}

describe.skipIf(!hasPhp)('Magento module files', () => {
  it('every PHP file passes php -l', () => {
    const files = [...filesIn(moduleDir, '.php'), ...filesIn(moduleDir, '.phtml'), ...filesIn(supportDir, '.php')];
    expect(files.length).toBeGreaterThan(40);
    const broken = files.filter((f) => run('php', ['-l', f], { allowFailure: true }).status !== 0);
    expect(broken.map((f) => relative(moduleDir, f))).toEqual([]);
  }, 120_000); // one php process per file: about 50 starts, slow on a busy machine

  it('every XML file is well-formed, and valid against the vendored Magento XSDs', () => {
    const checks = checkXml(moduleDir);
    expect(checks.map((c) => c.file)).toEqual(expect.arrayContaining([
      'etc/module.xml', 'etc/events.xml', 'etc/di.xml', 'etc/crontab.xml', 'etc/config.xml', 'etc/db_schema.xml',
      'etc/acl.xml', 'etc/adminhtml/system.xml', 'etc/adminhtml/routes.xml',
    ]));
    expect(checks.filter((c) => !c.wellFormed || c.errors.length > 0)).toEqual([]);
    expect(checks.filter((c) => c.schema).map((c) => c.file).sort()).toEqual(
      ['etc/adminhtml/routes.xml', 'etc/crontab.xml', 'etc/events.xml', 'etc/module.xml'],
    );
  });

  it('the XSD check refuses what Magento would refuse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plentygate-module-'));
    try {
      mkdirSync(join(dir, 'etc'));
      writeFileSync(join(dir, 'etc/module.xml'), '<config><module name="plentygate"/></config>');
      writeFileSync(join(dir, 'etc/events.xml'), '<config><event name="order saved"><observer name="x"/></event></config>');
      writeFileSync(join(dir, 'etc/di.xml'), '<config><type>');
      const checks = checkXml(dir);
      expect(checks.find((c) => c.file === 'etc/module.xml')!.errors.join()).toContain("The value 'plentygate' is not accepted");
      expect(checks.find((c) => c.file === 'etc/events.xml')!.errors.join()).toContain("The value 'order saved' is not accepted");
      expect(checks.find((c) => c.file === 'etc/di.xml')!.wellFormed).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every module class named in the XML exists', () => {
    const xml = filesIn(join(moduleDir, 'etc'), '.xml').map((f) => readFileSync(f, 'utf8')).join('\n');
    const named = [...new Set([...xml.matchAll(/Plentygate\\Webhooks\\[A-Za-z\\]+/g)].map((m) => m[0].replace(/\\Proxy$/, '')))];
    expect(named.length).toBeGreaterThan(15);
    const missing = named.filter((cls) => !existsSync(join(moduleDir, `${cls.slice('Plentygate\\Webhooks\\'.length).replaceAll('\\', '/')}.php`)));
    expect(missing).toEqual([]);
  });

  it('every observer in events.xml is a module class or a virtual type of one in di.xml', () => {
    const di = read('etc/di.xml');
    const virtualTypes = new Map([...di.matchAll(/<virtualType name="(\w+)" type="([\w\\]+)">/g)].map((m) => [m[1]!, m[2]!]));
    const instances = attrs(read('etc/events.xml'), /instance="([\w\\]+)"/g);
    expect(instances).toHaveLength(12);
    const classFile = (cls: string) => join(moduleDir, `${cls.slice('Plentygate\\Webhooks\\'.length).replaceAll('\\', '/')}.php`);
    for (const instance of instances) {
      const cls = virtualTypes.get(instance) ?? instance;
      expect(cls, instance).toMatch(/^Plentygate\\Webhooks\\Observer\\/);
      expect(existsSync(classFile(cls)), instance).toBe(true);
    }
    // A virtual type records the catalog event whose Magento event it observes.
    const sources = new Map(catalog().map((e) => [e.code, e.source]));
    const observed = [...read('etc/events.xml').matchAll(/<event name="(\w+)">\s*<observer name="\w+" instance="(\w+)"/g)];
    expect(observed).toHaveLength(9);
    for (const [, event, instance] of observed) {
      const args = new RegExp(`<virtualType name="${instance}"[\\s\\S]*?<argument name="eventCode" xsi:type="string">(\\w+)<`).exec(di);
      expect(sources.get(args![1]!), instance).toBe(event);
    }
  });

  it('events.xml observes exactly the Magento events of the event catalog; config.xml selects every event', () => {
    const events = catalog();
    const observed = attrs(read('etc/events.xml'), /<event name="([a-z_]+)"/g);
    const fromCatalog = events.map((e) => e.source).filter((s) => !s.includes('::'));
    expect(new Set(observed)).toEqual(new Set(fromCatalog));
    // The one plugin point is declared in di.xml.
    const plugin = events.find((e) => e.source.includes('::'))!.source.split('::')[0]!;
    expect(read('etc/di.xml')).toContain(`<type name="${plugin}">`);
    const defaults = /<events>([^<]+)<\/events>/.exec(read('etc/config.xml'))![1]!.split(',');
    expect(defaults).toEqual(events.map((e) => e.code));
  });

  it('every setting the code reads is in the admin configuration, with a default', () => {
    const settings = read('Model/Config/Settings.php');
    const paths = attrs(settings, /XML_[A-Z_]+ = '([a-z_/]+)'/g);
    expect(paths).toHaveLength(8);
    const system = read('etc/adminhtml/system.xml');
    const config = read('etc/config.xml');
    for (const path of paths) {
      const [section, group, field] = path.split('/');
      expect(system, path).toMatch(new RegExp(`<section id="${section}"[\\s\\S]*<group id="${group}"[\\s\\S]*<field id="${field}"`));
      if (!['gateway_url', 'secret'].includes(field!)) expect(config, path).toMatch(new RegExp(`<${group}>[\\s\\S]*<${field}>`));
    }
    expect(system).toMatch(/<field id="secret"[^>]*type="obscure"[\s\S]*?Magento\\Config\\Model\\Config\\Backend\\Encrypted/);
    // Settings decrypts the stored secret itself: config.xml metadata would make Magento decrypt it first.
    expect(config).not.toMatch(/<secret[^>]*backend_model/);
  });

  it('the declarative schema whitelist lists every column, index and constraint', () => {
    const schema = read('etc/db_schema.xml');
    const whitelist = JSON.parse(read('etc/db_schema_whitelist.json')).plentygate_webhook_outbox;
    expect(Object.keys(whitelist.column).sort()).toEqual(attrs(schema, /<column xsi:type="[a-z]+" name="([a-z_]+)"/g).sort());
    expect(Object.keys(whitelist.index)).toEqual(attrs(schema, /<index referenceId="([A-Z_]+)"/g));
    expect(Object.keys(whitelist.constraint).sort()).toEqual(attrs(schema, /<constraint xsi:type="[a-z]+" referenceId="([A-Z_]+)"/g).sort());
  });

  it('composer installs it as a Magento module for PHP 8.1 to 8.3', () => {
    const composer = JSON.parse(read('composer.json'));
    expect(composer.type).toBe('magento2-module');
    expect(composer.require.php).toBe('~8.1.0||~8.2.0||~8.3.0');
    expect(composer.autoload).toEqual({ files: ['registration.php'], 'psr-4': { 'Plentygate\\Webhooks\\': '' } });
    const name = /'(\w+_\w+)'/.exec(read('registration.php'))![1];
    expect(read('etc/module.xml')).toContain(`<module name="${name}">`);
  });
});
