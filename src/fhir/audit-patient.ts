import { patientLinkParameter } from './patient-compartment';
import { compartmentParameter } from './search/parameters';
import { elementsAt } from './search/extract';
import { isUuid } from '../lib/ids';

/**
 * Which Patient an audited interaction concerns, for the AuditEvent's patient entity: the
 * Patient itself, the Patient a resource belongs to (its compartment parameter), or the one
 * Patient a search is restricted to.
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.PatientRead.html
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.PatientQuery.html
 */

/** The Patient of a resource given as stored JSON text; undefined when it has none or is not JSON. */
export function patientOfResourceJson(json: string): string | undefined {
  let resource: unknown;
  try {
    resource = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof resource !== 'object' || resource === null) return undefined;
  const { resourceType, id } = resource as { resourceType?: unknown; id?: unknown };
  if (resourceType === 'Patient') return typeof id === 'string' ? id : undefined;
  const parameter = typeof resourceType === 'string' ? compartmentParameter(resourceType) : undefined;
  for (const path of parameter?.paths ?? []) {
    for (const element of elementsAt(resource, path)) {
      const target = patientIdOf((element as { reference?: unknown }).reference);
      if (target) return target;
    }
  }
  return undefined;
}

/** The one Patient a search of `resourceType` names (`_id` of Patient, or its patient/subject/for parameter). */
export function patientOfQuery(resourceType: string, query: Iterable<readonly [string, string]>): string | undefined {
  const link = resourceType === 'Patient' ? '_id' : patientLinkParameter(resourceType)?.code;
  if (!link) return undefined;
  for (const [name, value] of query) {
    const [code, modifier] = name.split(':', 2);
    if (code !== link || (modifier !== undefined && modifier !== 'Patient') || value.includes(',')) continue;
    const id = link === '_id' ? value : patientIdOf(value.includes('/') ? value : `Patient/${value}`);
    if (id && isUuid(id)) return id;
  }
  return undefined;
}

/** `Patient/123` or `https://…/Patient/123` → 123. */
function patientIdOf(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return undefined;
  const match = /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(reference);
  return match?.[1];
}
