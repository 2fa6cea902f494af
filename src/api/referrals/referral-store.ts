import type { Patient, Practitioner, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import type { SearchMatch } from '../../db/resource-store/types';
import { ApiError } from '../api-error';
import type { Stored } from '../practice/practice-context';
import { referringPhysicianOf, type ReferralParts } from './referral-view';

/** Reading referrals (Tasks) and what they point at from the practice's store. */

export const referralNotFound = (id: string) =>
  new ApiError(404, { error: 'not_found', message: `There is no referral ${id} in this practice.` });

/** The referral Task `id` of the caller's practice; 404 when unknown, deleted or another practice's. */
export async function readReferral(store: PracticeResourceStore, id: string): Promise<Stored<Task>> {
  const stored = await store.read('Task', id);
  if (!stored?.json) throw referralNotFound(id);
  return JSON.parse(stored.json) as Stored<Task>;
}

/** The Patients, ServiceRequests and referring Practitioners of `tasks`, given those already at hand. */
export async function referralParts(store: PracticeResourceStore, tasks: readonly Task[], known: readonly SearchMatch[] = []): Promise<ReferralParts> {
  const byAddress = new Map<string, Resource & { id: string }>();
  for (const stored of known) if (stored.json) byAddress.set(`${stored.resourceType}/${stored.id}`, JSON.parse(stored.json));
  const load = async (reference: string | undefined, type: string) => {
    const address = localAddress(reference, type);
    if (!address || byAddress.has(address)) return;
    const stored = await store.read(type, address.slice(type.length + 1));
    if (stored?.json) byAddress.set(address, JSON.parse(stored.json));
  };
  for (const task of tasks) {
    await load(task.for?.reference, 'Patient');
    await load(task.focus?.reference, 'ServiceRequest');
  }
  for (const task of tasks) {
    const request = byAddress.get(task.focus?.reference ?? '') as ServiceRequest | undefined;
    await load(referringPhysicianOf(task, request)?.reference, 'Practitioner');
  }
  return {
    patients: ofType<Patient>(byAddress, 'Patient'),
    serviceRequests: ofType<ServiceRequest>(byAddress, 'ServiceRequest'),
    practitioners: ofType<Practitioner>(byAddress, 'Practitioner'),
  };
}

/** `Type/id` of a reference to a resource of `type` on this server; undefined for others. */
export function localAddress(reference: string | undefined, type: string): string | undefined {
  return reference && new RegExp(`^${type}/[0-9a-f-]{36}$`, 'i').test(reference) ? reference : undefined;
}

function ofType<T extends Resource>(byAddress: Map<string, Resource & { id: string }>, type: string): Map<string, Stored<T>> {
  return new Map([...byAddress].filter(([address]) => address.startsWith(`${type}/`)) as [string, Stored<T>][]);
}
