/**
 * A `plentygate worker` process built from the sources (so the end-to-end test runs what is checked
 * out, not an older build): configuration from the environment, "ready" on stdout once consuming.
 */
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startProcess } from '../../src/runtime/processes.js';

const config = loadConfig(process.env);
const log = createLogger(config.LOG_LEVEL);
const running = await startProcess(config, log, { gateway: false });
process.stdout.write('ready\n');
const stop = () => {
  running.stop().then(() => process.exit(0), () => process.exit(1));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
