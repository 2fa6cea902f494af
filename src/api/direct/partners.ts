import type { Context } from 'hono';
import { z } from 'zod';
import { PartnerExistsError, type DirectPartner } from '../../db/direct/partner-repository';
import { KEY_TRANSPORTS, PARTNER_CHANNELS } from '../../db/schema/direct-partners';
import { isValidNpi } from '../../domain/npi';
import { readCertificatePem, type CertificateSummary } from '../../integrations/direct/store/certificate-check';
import { newId } from '../../lib/ids';
import { conflictError, notFoundError } from '../api-error';
import type { AppEnv } from '../app-env';
import { readJsonBody } from '../read-body';
import { DIRECT_ADDRESS_MESSAGE, invalidFieldList } from './field-problems';

const partnerBody = z.strictObject({
  name: z.string().trim().min(1, 'Give the partner a name.').max(200),
  npi: z.string().refine(isValidNpi, 'Expected a 10-digit NPI with a valid check digit.').optional(),
  address: z.email(DIRECT_ADDRESS_MESSAGE).max(320),
  certificate: z.string().min(1).max(64 * 1024).optional(),
  preferredChannel: z.enum(PARTNER_CHANNELS, { message: `Expected one of ${PARTNER_CHANNELS.join(', ')}.` }).default('direct'),
  keyTransport: z.enum(KEY_TRANSPORTS, { message: `Expected one of ${KEY_TRANSPORTS.join(', ')}.` }).default('rsa-pkcs1'),
});

/**
 * `POST /admin/practices/{id}/partners`: a referring physician the practice exchanges Direct
 * messages with. Without a certificate, answers go to the certificate that signed their message.
 */
export async function createPartner(c: Context<AppEnv>, now: () => Date) {
  const body = await readJsonBody(c, partnerBody);
  const practice = await requirePractice(c);
  const summary = body.certificate === undefined ? undefined : await readCertificatePem(body.certificate);
  if (body.certificate !== undefined && !summary) {
    throw invalidFieldList([{ field: 'certificate', message: 'Expected a PEM X.509 certificate (-----BEGIN CERTIFICATE-----).' }]);
  }
  try {
    const partner = await c.var.repositories.transaction(async (tx) => {
      const created = await tx.direct.partners.insert({
        id: newId(),
        practiceId: practice.id,
        name: body.name,
        npi: body.npi ?? null,
        address: body.address,
        certificatePem: body.certificate === undefined ? null : body.certificate.trim() + '\n',
        preferredChannel: body.preferredChannel,
        keyTransport: body.keyTransport,
        createdAt: now(),
        updatedAt: now(),
      });
      await tx.audit.record({ practiceId: practice.id, action: 'C', kind: 'direct.partner.create', outcome: 'success', agent: 'admin' });
      return created;
    });
    return c.json(await partnerView(partner, summary), 201);
  } catch (error) {
    if (error instanceof PartnerExistsError) throw conflictError(error.message);
    throw error;
  }
}

/** `GET /admin/practices/{id}/partners`: the practice's partners, by name. */
export async function listPartners(c: Context<AppEnv>) {
  const practice = await requirePractice(c);
  const partners = await c.var.repositories.direct.partners.listOfPractice(practice.id);
  const items = [];
  for (const partner of partners) items.push(await partnerView(partner));
  return c.json({ items });
}

async function requirePractice(c: Context<AppEnv>) {
  const practiceId = c.req.param('id') ?? '';
  const practice = await c.var.repositories.practices.findById(practiceId);
  if (!practice) throw notFoundError(`There is no practice ${practiceId}.`);
  return practice;
}

async function partnerView(partner: DirectPartner, summary?: CertificateSummary) {
  const certificate = summary ?? (partner.certificatePem ? await readCertificatePem(partner.certificatePem) : undefined);
  return {
    id: partner.id,
    practiceId: partner.practiceId,
    name: partner.name,
    npi: partner.npi,
    address: partner.address,
    preferredChannel: partner.preferredChannel,
    keyTransport: partner.keyTransport,
    certificate: certificate
      ? { subject: certificate.subject, fingerprint: certificate.fingerprint, notAfter: certificate.notAfter.toISOString() }
      : null,
  };
}
