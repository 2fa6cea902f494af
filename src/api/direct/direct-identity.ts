import type { Context } from 'hono';
import { z } from 'zod';
import { AddressTakenError } from '../../db/direct/identity-repository';
import { checkPrivateKey, readCertificatePem, type KeyCheck } from '../../integrations/direct/store/certificate-check';
import type { PrivateKeyVault } from '../../integrations/direct/store/private-key-vault';
import { newId } from '../../lib/ids';
import { conflictError, notFoundError, type FieldProblem } from '../api-error';
import type { AppEnv } from '../app-env';
import { readJsonBody } from '../read-body';
import { DIRECT_ADDRESS_MESSAGE, invalidFieldList } from './field-problems';

const identityBody = z.strictObject({
  address: z.email(DIRECT_ADDRESS_MESSAGE).max(320),
  certificate: z
    .string()
    .min(1, 'Give the certificate bound to the address, as PEM (then any intermediate CA certificates).')
    .max(64 * 1024),
  privateKey: z.string().min(1, "Give the certificate's private key, as PKCS#8 PEM.").max(64 * 1024),
});

const KEY_PROBLEMS: Record<Exclude<KeyCheck, 'matches'>, string> = {
  unreadable: 'Expected a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----).',
  'not-rsa': 'Expected an RSA private key: Direct certificates carry RSA keys.',
  mismatch: "The private key is not the certificate's key.",
};

/**
 * `POST /admin/practices/{id}/direct-identity {"address","certificate","privateKey"}`: the
 * practice's Direct address, the certificate bound to it (followed by any intermediate CA
 * certificates, which are sent with every signature) and its private key, which is stored
 * encrypted and never returned or logged. Posting the same address again replaces the
 * certificate and key (renewal): 201 when created, 200 when replaced.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§4 certificates)
 */
export async function setDirectIdentity(c: Context<AppEnv>, vault: PrivateKeyVault | undefined, now: () => Date) {
  const body = await readJsonBody(c, identityBody);
  const practiceId = c.req.param('id') ?? '';
  const practice = await c.var.repositories.practices.findById(practiceId);
  if (!practice) throw notFoundError(`There is no practice ${practiceId}.`);
  if (!vault) throw new Error('no key vault: DIRECT_KEY_SECRET or ADMIN_TOKEN must be set');

  const problems: FieldProblem[] = [];
  const summary = await readCertificatePem(body.certificate);
  if (!summary) problems.push({ field: 'certificate', message: 'Expected a PEM X.509 certificate (-----BEGIN CERTIFICATE-----).' });
  const keyCheck: KeyCheck = summary ? await checkPrivateKey(summary.certificate, body.privateKey) : 'matches';
  if (keyCheck !== 'matches') problems.push({ field: 'privateKey', message: KEY_PROBLEMS[keyCheck] });
  if (problems.length || !summary) throw invalidFieldList(problems);

  const owner = { practiceId: practice.id, address: body.address };
  const privateKeyCiphertext = await vault.seal(body.privateKey, owner);
  try {
    const { identity, created } = await c.var.repositories.transaction(async (tx) => {
      const result = await tx.direct.identities.upsert({
        id: newId(),
        practiceId: practice.id,
        address: body.address,
        certificatePem: body.certificate.trim() + '\n',
        privateKeyCiphertext,
        createdAt: now(),
        updatedAt: now(),
      });
      await tx.audit.record({
        practiceId: practice.id,
        action: result.created ? 'C' : 'U',
        kind: 'direct.identity.set',
        outcome: 'success',
        agent: 'admin',
        detail: { fingerprint: summary.fingerprint },
      });
      return result;
    });
    return c.json(
      {
        id: identity.id,
        practiceId: identity.practiceId,
        address: identity.address,
        certificate: { subject: summary.subject, fingerprint: summary.fingerprint, notAfter: summary.notAfter.toISOString() },
      },
      created ? 201 : 200,
    );
  } catch (error) {
    if (error instanceof AddressTakenError) throw conflictError(error.message);
    throw error;
  }
}
