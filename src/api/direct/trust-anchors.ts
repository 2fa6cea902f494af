import type { Context } from 'hono';
import { z } from 'zod';
import { readCertificatePem } from '../../integrations/direct/store/certificate-check';
import { newId } from '../../lib/ids';
import type { AppEnv } from '../app-env';
import { readJsonBody } from '../read-body';
import { invalidFieldList } from './field-problems';

const trustAnchorBody = z.strictObject({ pem: z.string().min(1, 'Give the CA certificate as PEM.').max(64 * 1024) });

/**
 * `POST /admin/trust-anchors {"pem"}`: adds a CA certificate that Direct senders' chains may end
 * at. 201 when added, 200 when the same certificate was already an anchor.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§4.2 trust anchors)
 */
export async function addTrustAnchor(c: Context<AppEnv>, now: () => Date) {
  const body = await readJsonBody(c, trustAnchorBody);
  const summary = await readCertificatePem(body.pem);
  if (!summary) throw invalidFieldList([{ field: 'pem', message: 'Expected a PEM X.509 certificate (-----BEGIN CERTIFICATE-----).' }]);
  const { anchor, created } = await c.var.repositories.transaction(async (tx) => {
    const result = await tx.direct.trustAnchors.insertIfAbsent({
      id: newId(),
      fingerprint: summary.fingerprint,
      subject: summary.subject,
      notAfter: summary.notAfter,
      pem: body.pem.trim() + '\n',
      createdAt: now(),
    });
    if (result.created) {
      await tx.audit.record({
        practiceId: null,
        action: 'C',
        kind: 'direct.trust-anchor.create',
        outcome: 'success',
        agent: 'admin',
        detail: { fingerprint: summary.fingerprint },
      });
    }
    return result;
  });
  return c.json(
    { id: anchor.id, subject: anchor.subject, fingerprint: anchor.fingerprint, notAfter: anchor.notAfter.toISOString() },
    created ? 201 : 200,
  );
}
