import type { Context } from 'hono';
import { z } from 'zod';
import { isValidNpi } from '../../domain/npi';
import { practiceToOrganization } from '../../fhir/mappers/organization';
import { newId } from '../../lib/ids';
import type { AppEnv } from '../app-env';
import { readJsonBody } from '../read-body';

const practiceBody = z.strictObject({
  name: z.string().trim().min(1, 'Give the practice a name.').max(200),
  npi: z.string().refine(isValidNpi, 'Expected a 10-digit NPI with a valid check digit.').optional(),
  directAddress: z.email('Expected a Direct address (user@domain).').optional(),
});

/** `POST /admin/practices`: a new tenant and its FHIR Organization, in one transaction. */
export async function createPractice(c: Context<AppEnv>, now: () => Date) {
  const body = await readJsonBody(c, practiceBody);
  const practice = await c.var.repositories.transaction(async (tx) => {
    const created = await tx.practices.insert({
      id: newId(),
      organizationId: newId(),
      name: body.name,
      npi: body.npi ?? null,
      directAddress: body.directAddress ?? null,
      createdAt: now(),
    });
    await tx.resourcesOf(created.id).create(practiceToOrganization(created), { id: created.organizationId });
    await tx.audit.record({
      practiceId: created.id,
      action: 'C',
      kind: 'practice.create',
      outcome: 'success',
      agent: 'admin',
      entityType: 'Organization',
      entityId: created.organizationId,
    });
    return created;
  });
  return c.json(
    {
      id: practice.id,
      organizationId: practice.organizationId,
      name: practice.name,
      npi: practice.npi,
      directAddress: practice.directAddress,
      createdAt: practice.createdAt.toISOString(),
    },
    201,
  );
}
