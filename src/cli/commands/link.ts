import type { Command } from 'commander';
import type { Connectors } from '../../connectors/services.js';
import type { LinkAdmin } from '../../profiles/link-admin.js';
import { entityOf, LinkInputError, linkEntities } from '../../profiles/link-entities.js';
import type { Runtime } from '../../runtime/open.js';
import { positiveInt, UsageError, withRuntimeOr } from '../context.js';
import type { LinkOps } from '../remote/links.js';
import { printJson, printTable } from '../output.js';

const entityHelp = `entity: ${linkEntities.join(', ')}`;

/**
 * Runs `fn` with the link admin of a runtime (map and unmap written to the audit log), or with serve's
 * links API while serve holds the embedded database; input errors are usage errors (exit 2).
 */
async function withLinks<T>(command: string, fn: (links: LinkOps) => Promise<T>): Promise<T> {
  return withRuntimeOr({ command, migrate: true }, async (runtime: Runtime) => {
    const connectors = (runtime.services as { connectors?: Connectors }).connectors;
    const [{ linkAdmin }, { auditedLinks }, { createAuditLog }, { cliPrincipal }] = await Promise.all([
      import('../../profiles/link-admin.js'), import('../../access/audited-links.js'), import('../../access/audit.js'), import('../cli-principal.js'),
    ]);
    try {
      const links: LinkAdmin = linkAdmin({ db: runtime.db.db, profiles: runtime.service, connectors });
      return await fn({ ...links, ...auditedLinks(links, createAuditLog(runtime.db.db), cliPrincipal()) });
    } catch (error) {
      if (error instanceof LinkInputError) throw new UsageError(error.message);
      throw error;
    }
  }, async (api) => fn((await import('../remote/links.js')).remoteLinks(api)));
}

export function registerLinkCommands(program: Command): void {
  program
    .command('link:list')
    .description('Entity links: which Magento record stands for which PlentyONE record')
    .requiredOption('--entity <entity>', entityHelp)
    .option('--magento <key>', 'only the link of this Magento key (category id, SKU, increment id …)')
    .option('--plenty <id>', 'only the link of this PlentyONE id')
    .option('--limit <n>', 'how many', '1000')
    .option('--json', 'print JSON for scripts')
    .action(async (o: { entity: string; magento?: string; plenty?: string; limit: string; json?: boolean }) => {
      const entity = entityOrUsage(o.entity);
      const limit = positiveInt('--limit', o.limit);
      await withLinks('link:list', async (links) => {
        const rows = await links.list(entity, { magentoKey: o.magento, plentyId: o.plenty, limit });
        if (o.json) return printJson(rows);
        printTable(rows.map((r) => ({ ...r })), [['magentoKey', 'Magento'], ['plentyId', 'PlentyONE'], ['lastWrittenAt', 'Last written'], ['meta', 'Notes']]);
      });
    });

  program
    .command('link:map')
    .description('Link a Magento record to a PlentyONE record (or, with --create-root, create the PlentyONE category of a Magento root)')
    .requiredOption('--entity <entity>', entityHelp)
    .requiredOption('--magento <key>', 'Magento key (for categories: the category id)')
    .option('--plenty <id>', 'PlentyONE id')
    .option('--create-root', 'category only: create a PlentyONE top-level category for this Magento root and put it in the category export\'s rootMapping')
    .option('--name <name>', 'with --create-root: the name of the new PlentyONE category (default: the Magento root\'s name per store view)')
    .option('--json', 'print JSON for scripts')
    .action(async (o: { entity: string; magento: string; plenty?: string; createRoot?: boolean; name?: string; json?: boolean }) => {
      const entity = entityOrUsage(o.entity);
      if (Boolean(o.plenty) === Boolean(o.createRoot)) throw new UsageError('Give --plenty <id>, or --create-root (categories).');
      if (o.createRoot && entity !== 'category') throw new UsageError('--create-root is for --entity category.');
      await withLinks('link:map', async (links) => {
        if (o.createRoot) {
          const root = await links.createRoot(positiveInt('--magento', o.magento), o.name);
          if (o.json) return printJson(root);
          process.stdout.write(`Created PlentyONE category ${root.plentyCategoryId} for Magento root ${root.magentoRootId}; the category export's rootMapping maps them.\n`);
          return;
        }
        const link = await links.map(entity, o.magento, o.plenty!);
        if (o.json) return printJson(link);
        process.stdout.write(`Linked Magento ${entity} ${link.magentoKey} to PlentyONE ${entity} ${link.plentyId}.\n`);
      });
    });

  program
    .command('link:unmap')
    .description('Remove the link of a Magento key or a PlentyONE id (the records themselves stay)')
    .requiredOption('--entity <entity>', entityHelp)
    .option('--magento <key>', 'Magento key')
    .option('--plenty <id>', 'PlentyONE id')
    .option('--json', 'print JSON for scripts')
    .action(async (o: { entity: string; magento?: string; plenty?: string; json?: boolean }) => {
      const entity = entityOrUsage(o.entity);
      if (Boolean(o.magento) === Boolean(o.plenty)) throw new UsageError('Give either --magento <key> or --plenty <id>.');
      await withLinks('link:unmap', async (links) => {
        const removed = await links.unmap(entity, { magentoKey: o.magento, plentyId: o.plenty });
        if (o.json) return printJson({ removed });
        if (!removed) throw new UsageError(`No ${entity} link for ${o.magento ? `Magento ${o.magento}` : `PlentyONE ${o.plenty}`} (see link:list).`);
        process.stdout.write(`Removed the ${entity} link.\n`);
      });
    });

  program
    .command('link:match')
    .description('Propose links for categories that exist on both sides (migration), by path of names or by name; --apply stores them')
    .requiredOption('--entity <entity>', 'category')
    .option('--by <how>', 'path (the names from the root down) or name (names that occur once on each side)', 'path')
    .option('--apply', 'store the proposed links')
    .option('--json', 'print JSON for scripts')
    .action(async (o: { entity: string; by: string; apply?: boolean; json?: boolean }) => {
      const entity = entityOrUsage(o.entity);
      if (o.by !== 'path' && o.by !== 'name') throw new UsageError(`--by is path or name, not "${o.by}".`);
      await withLinks('link:match', async (links) => {
        const result = await links.match(entity, o.by as 'path' | 'name', Boolean(o.apply));
        if (o.json) return printJson(result);
        printTable(result.matched.map((m) => ({ ...m })), [['magentoId', 'Magento'], ['plentyId', 'PlentyONE'], ['path', 'Path']]);
        const out = process.stdout;
        out.write(`${result.matched.length} pair(s) ${o.apply ? 'linked' : 'proposed (add --apply to link them)'}; ${result.alreadyLinked} already linked.\n`);
        if (result.unmatchedMagento.length) out.write(`Not matched in Magento (${result.unmatchedMagento.length}):\n${result.unmatchedMagento.map((u) => `  ${u.id}  ${u.path}`).join('\n')}\n`);
        if (result.unmatchedPlenty.length) out.write(`Not matched in PlentyONE (${result.unmatchedPlenty.length}):\n${result.unmatchedPlenty.map((u) => `  ${u.id}  ${u.path}`).join('\n')}\n`);
      });
    });
}

function entityOrUsage(value: string) {
  try {
    return entityOf(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
