/**
 * Downloading a product image file from Magento's media URL (served by its web server, no token): the
 * item export uploads it to PlentyONE by content, or compares its checksum with PlentyONE's.
 */
import { createHash } from 'node:crypto';
import { PermanentApiError, TransientApiError, isTransientStatus } from '../errors.js';

const TIMEOUT_MS = 30_000;

export interface MediaFile { bytes: Buffer; md5: string }

export async function downloadMedia(url: string, signal?: AbortSignal): Promise<MediaFile> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const route = 'GET /media/catalog/product/*';
  let answer: Response;
  try {
    answer = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (cause) {
    throw new TransientApiError(`Magento image ${url} could not be downloaded: ${(cause as Error).message}`, { system: 'magento', route, cause });
  }
  if (!answer.ok) {
    const details = { system: 'magento' as const, route, status: answer.status };
    const message = `Magento answered ${answer.status} for image ${url}`;
    throw isTransientStatus(answer.status) ? new TransientApiError(message, details) : new PermanentApiError(message, details);
  }
  const bytes = Buffer.from(await answer.arrayBuffer());
  return { bytes, md5: createHash('md5').update(bytes).digest('hex') };
}
