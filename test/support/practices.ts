import type { Repositories } from '../../src/db/repositories';
import { practiceToOrganization } from '../../src/fhir/mappers/organization';
import { newId } from '../../src/lib/ids';

/** Creates a practice (tenant) with its Organization, as the admin API does, and returns its id. */
export async function createTestPractice(repositories: Repositories, name = 'Test Practice'): Promise<string> {
  return repositories.transaction(async (tx) => {
    const practice = await tx.practices.insert({
      id: newId(),
      organizationId: newId(),
      name,
      createdAt: new Date(),
    });
    await tx.resourcesOf(practice.id).create(practiceToOrganization(practice), { id: practice.organizationId });
    return practice.id;
  });
}
