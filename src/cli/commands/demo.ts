/**
 * `plentygate demo` (`npm run demo`): the README's first command. Everything runs in this process on
 * generated data in its own folder; see src/demo/run-demo.ts.
 */
import type { Command } from 'commander';
import { parseDemoFlags, type DemoFlags } from '../../demo/options.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Both sandboxes + plentygate on the embedded default, syncs configured, live orders and stock changes until Ctrl-C')
    .option('--variations <n>', 'catalog size of the generated sandbox data', '2000')
    .option('--seed <seed>', 'data generator seed (number or text); same seed, same data', '42')
    .option('--port <port>', 'gateway port (0 = any free port)', '8080')
    .option('--interval <ms>', 'milliseconds between simulated events (an order, then a stock change, ...)', '3000')
    .option('--data-dir <dir>', 'the demo\'s own data folder, wiped at every start', './var/demo')
    .option('--timeout <seconds>', 'how long to wait for one sync before saying it did not come', '60')
    .option('--once', 'place one order and change one stock, wait until both are synced, then exit')
    .action(async (flags: DemoFlags) => {
      const options = parseDemoFlags(flags);
      // Loaded on demand: the demo pulls in the gateway, queue and sandboxes, which other commands do not need.
      const { runDemo } = await import('../../demo/run-demo.js');
      await runDemo(options);
    });
}
