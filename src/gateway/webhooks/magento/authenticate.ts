import type { GatewaySettings } from '../../settings.js';
import { verifyAnyRsaSha256, verifyRsaSha256 } from '../../verify/rsa-signature.js';
import { verifyBasicAuth, verifySharedHeader } from '../../verify/shared-secret.js';
import { verifyStandardWebhook } from '../../verify/standard-webhooks.js';
import type { Rejection, WebhookRequest } from '../reception.js';

export type MagentoAuth = 'standard-webhooks' | 'adobe-signature' | 'io-events-signature' | 'basic' | 'header';

const fail = (reason: string): Rejection => ({ status: 401, reason });

/**
 * Authenticates a Magento webhook with whatever the deployment configured. A signature that is present
 * and checkable must verify (no falling back to a weaker method); without one, Basic auth or the shared
 * header decide. Nothing configured that fits the request: 401. The reason is for logs and metrics only.
 */
export function authenticateMagento(req: WebhookRequest, m: GatewaySettings['magento']): MagentoAuth | Rejection {
  if (req.header('webhook-signature') !== undefined && m.secrets.length > 0) {
    const failure = verifyStandardWebhook(
      { id: req.header('webhook-id'), timestamp: req.header('webhook-timestamp'), signature: req.header('webhook-signature') },
      req.raw,
      m.secrets,
      { toleranceS: m.toleranceS },
    );
    return failure ? fail(`standard-webhooks-${failure}`) : 'standard-webhooks';
  }
  const adobeSignature = req.header('x-adobe-commerce-webhook-signature');
  if (adobeSignature !== undefined && m.publicKey) {
    return verifyRsaSha256(req.raw, adobeSignature, m.publicKey) ? 'adobe-signature' : fail('adobe-signature-invalid');
  }
  const ioSignatures = [req.header('x-adobe-digital-signature-1'), req.header('x-adobe-digital-signature-2')];
  if (ioSignatures.some((s) => s !== undefined) && m.ioEventsPublicKey) {
    return verifyAnyRsaSha256(req.raw, ioSignatures, m.ioEventsPublicKey) ? 'io-events-signature' : fail('io-events-signature-invalid');
  }
  if (m.basicAuth && req.header('authorization') !== undefined) {
    return verifyBasicAuth(req.header('authorization'), m.basicAuth) ? 'basic' : fail('basic-auth-invalid');
  }
  if (m.authHeader && req.header(m.authHeader.name) !== undefined) {
    return verifySharedHeader(req.header(m.authHeader.name), m.authHeader.value) ? 'header' : fail('shared-header-invalid');
  }
  const configured = m.secrets.length > 0 || m.publicKey || m.ioEventsPublicKey || m.basicAuth || m.authHeader;
  return fail(configured ? 'credentials-missing' : 'not-configured');
}
