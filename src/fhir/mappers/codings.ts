import type { CodeableConcept, Coding, Patient, Quantity, Reference } from '@medplum/fhirtypes';
import type { CatalogCode, CodeSystemKey } from '../../domain/assessment-catalog';
import { LOINC, MET_LOCAL_ASSESSMENT_SYSTEM, METBRIDGE_CANONICAL, PA_TEMPORARY_CODES, SNOMED, UCUM } from '../canonical';

/**
 * Codes, quantities and references the mappers share, and the MetBridge-defined systems and
 * extensions they use where no standard element or code exists.
 */

/** MetBridge's own codes for what a session records that has no verified standard code. */
export const MET_SESSION_SYSTEM = `${METBRIDGE_CANONICAL}/CodeSystem/met-session`;
/** short-term | long-term, as a Goal category. */
export const MET_GOAL_TERM_SYSTEM = `${METBRIDGE_CANONICAL}/CodeSystem/met-goal-term`;
/** Identifies a client by its MetBridge id (US Core Patient needs an identifier). */
export const MET_CLIENT_ID_SYSTEM = `${METBRIDGE_CANONICAL}/sid/client-id`;

/** Goal: where the measure stood when the goal was set (valueQuantity). */
export const GOAL_BASELINE_EXTENSION = `${METBRIDGE_CANONICAL}/StructureDefinition/goal-baseline`;
/** Observation: a vital sign taken before or after exercise (valueCode `pre-exercise` | `post-exercise`). */
export const EXERCISE_TIMING_EXTENSION = `${METBRIDGE_CANONICAL}/StructureDefinition/exercise-timing`;
/** Encounter: an adverse event Observation of the session, in the order recorded (valueReference). */
export const SESSION_ADVERSE_EVENT_EXTENSION = `${METBRIDGE_CANONICAL}/StructureDefinition/session-adverse-event`;

export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** @see https://hl7.org/fhir/us/physical-activity/CodeSystem-pa-temporary-codes.html */
export const PHYSICAL_ACTIVITY_CATEGORY: CodeableConcept = {
  coding: [{ system: PA_TEMPORARY_CODES, code: 'PhysicalActivity', display: 'Physical Activity' }],
};

const SYSTEM_URLS: Record<CodeSystemKey, string> = { loinc: LOINC, snomed: SNOMED, local: MET_LOCAL_ASSESSMENT_SYSTEM };

export function codeSystemUrl(key: CodeSystemKey): string {
  return SYSTEM_URLS[key];
}

export function codeSystemKey(url: string | undefined): CodeSystemKey | undefined {
  return (Object.keys(SYSTEM_URLS) as CodeSystemKey[]).find((key) => SYSTEM_URLS[key] === url);
}

export function catalogCoding(code: CatalogCode): Coding & { system: string; code: string; display: string } {
  return { system: codeSystemUrl(code.system), code: code.code, display: code.display };
}

/** A catalog measure as a CodeableConcept: its code, then its alternate codes. */
export function catalogConcept(code: CatalogCode, alternates: readonly CatalogCode[] = [], text = code.display): CodeableConcept {
  return { coding: [code, ...alternates].map(catalogCoding), text };
}

/** The catalog codes among a concept's codings. */
export function catalogCodesOf(concept: CodeableConcept | undefined): CatalogCode[] {
  return (concept?.coding ?? []).flatMap((coding) => {
    const system = codeSystemKey(coding.system);
    return system && coding.code ? [{ system, code: coding.code, display: coding.display ?? '' }] : [];
  });
}

export function observationCategory(code: 'vital-signs' | 'exam' | 'activity' | 'survey'): CodeableConcept {
  const display = { 'vital-signs': 'Vital Signs', exam: 'Exam', activity: 'Activity', survey: 'Survey' }[code];
  return { coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code, display }] };
}

export function ucumQuantity(value: number, unit: string): Quantity {
  return { value, unit, system: UCUM, code: unit };
}

/** A UCUM quantity's value and unit; undefined for anything else. */
export function readUcumQuantity(quantity: Quantity | undefined): { value: number; unit: string } | undefined {
  if (!quantity || typeof quantity.value !== 'number') return undefined;
  if (quantity.system !== undefined && quantity.system !== UCUM) return undefined;
  const unit = quantity.code ?? quantity.unit;
  return unit === undefined ? undefined : { value: quantity.value, unit };
}

export function patientReference(patientId: string): Reference<Patient> {
  return { reference: `Patient/${patientId}` };
}

/** The id of a relative `Type/id` reference to `type`; undefined for other references. */
export function referencedId(reference: { reference?: string } | undefined, type: string): string | undefined {
  const match = /^([A-Za-z]+)\/([^/]+)$/.exec(reference?.reference ?? '');
  return match && match[1] === type ? match[2] : undefined;
}

export function hasCoding(
  concepts: CodeableConcept | readonly CodeableConcept[] | undefined,
  system: string,
  code: string,
): boolean {
  const list: readonly CodeableConcept[] = Array.isArray(concepts) ? concepts : concepts ? [concepts as CodeableConcept] : [];
  return list.some((concept) => concept.coding?.some((coding) => coding.system === system && coding.code === code));
}

/** The code of the first coding from `system`. */
export function codeFrom(concept: CodeableConcept | undefined, system: string): string | undefined {
  return concept?.coding?.find((coding) => coding.system === system)?.code;
}
