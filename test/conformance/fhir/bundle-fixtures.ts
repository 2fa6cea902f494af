import { LOINC, PA_TEMPORARY_CODES, UCUM } from '../../../src/fhir/canonical';

/** Resources and request helpers shared by the batch, transaction and $everything suites. */

export const FHIR_JSON_HEADERS = { 'content-type': 'application/fhir+json' };

export function patient(identifierValue: string, family = 'Okafor') {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'urn:oid:2.16.840.1.113883.3.7418.1', value: identifierValue }],
    name: [{ family, given: ['Ada'] }],
    gender: 'female',
    birthDate: '1956-03-14',
  };
}

export function hypertension(subject: string) {
  return {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10', display: 'Essential (primary) hypertension' }] },
    subject: { reference: subject },
  };
}

export function sixMinuteWalk(subject: string, metres = 420) {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: PA_TEMPORARY_CODES, code: 'PhysicalActivity' }] }],
    code: { coding: [{ system: LOINC, code: '64098-7', display: 'Six minute walk test' }] },
    subject: { reference: subject },
    effectiveDateTime: '2026-02-10T10:00:00Z',
    valueQuantity: { value: metres, unit: 'm', system: UCUM, code: 'm' },
  };
}

export interface BundleEntryRequest {
  fullUrl?: string;
  resource?: object;
  request: { method: string; url: string; ifNoneExist?: string; ifMatch?: string; ifNoneMatch?: string };
}

export function bundle(type: string, entry: BundleEntryRequest[]) {
  return { resourceType: 'Bundle', type, entry };
}

export function urn(): string {
  return `urn:uuid:${crypto.randomUUID()}`;
}
