import type { Context } from 'hono';
import { z } from 'zod';
import { trainerToPractitioner } from '../../fhir/mappers/practitioner';
import { EmailTakenError } from '../../db/user-repository';
import { newId } from '../../lib/ids';
import { hashPassword } from '../../lib/password-hash';
import { conflictError, notFoundError } from '../api-error';
import type { AppEnv } from '../app-env';
import { readJsonBody } from '../read-body';

/** @see https://pages.nist.gov/800-63-4/sp800-63b.html#passwordver (length over composition rules) */
const userBody = z.strictObject({
  email: z.email('Expected an email address.').max(320),
  name: z.string().trim().min(1, 'Give the trainer a name.').max(200),
  password: z.string().min(12, 'Use at least 12 characters.').max(256),
});

/** `POST /admin/practices/{id}/users`: a trainer account and its Practitioner, in one transaction. */
export async function createUser(c: Context<AppEnv>, now: () => Date) {
  const body = await readJsonBody(c, userBody);
  const practiceId = c.req.param('id') ?? '';
  const practice = await c.var.repositories.practices.findById(practiceId);
  if (!practice) throw notFoundError(`There is no practice ${practiceId}.`);
  const passwordHash = await hashPassword(body.password);
  try {
    const user = await c.var.repositories.transaction(async (tx) => {
      const { resource: practitioner } = await tx
        .resourcesOf(practice.id)
        .create(trainerToPractitioner({ name: body.name, email: body.email }));
      const created = await tx.users.insert({
        id: newId(),
        practiceId: practice.id,
        email: body.email,
        name: body.name,
        passwordHash,
        practitionerId: practitioner.id,
        createdAt: now(),
      });
      await tx.audit.record({
        practiceId: practice.id,
        action: 'C',
        kind: 'user.create',
        outcome: 'success',
        agent: 'admin',
        entityType: 'Practitioner',
        entityId: practitioner.id,
      });
      return created;
    });
    return c.json(
      { id: user.id, practitionerId: user.practitionerId, practiceId: user.practiceId, email: user.email, name: user.name },
      201,
    );
  } catch (error) {
    if (error instanceof EmailTakenError) throw conflictError(error.message);
    throw error;
  }
}
