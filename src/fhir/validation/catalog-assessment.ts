import { assessmentByCode, type AssessmentDefinition, type CodeSystemKey } from '../../domain/assessment-catalog';
import { LOINC, MET_LOCAL_ASSESSMENT_SYSTEM, SNOMED } from '../canonical';
import { codingsOf } from './json-values';

const SYSTEM_URLS: Readonly<Record<CodeSystemKey, string>> = {
  loinc: LOINC,
  snomed: SNOMED,
  local: MET_LOCAL_ASSESSMENT_SYSTEM,
};

const SYSTEM_KEYS: ReadonlyMap<string, CodeSystemKey> = new Map(
  Object.entries(SYSTEM_URLS).map(([key, url]) => [url, key as CodeSystemKey]),
);

/** The FHIR code system URL of a catalog code system. */
export function systemUrlOf(key: CodeSystemKey): string {
  return SYSTEM_URLS[key];
}

/**
 * The catalog assessment an Observation's `code` names (by any of its codings), or undefined
 * when none of them is in the catalog — such Observations are accepted as they are, since a code
 * MetBridge does not know cannot be validated.
 */
export function catalogAssessmentOf(code: unknown): AssessmentDefinition | undefined {
  for (const coding of codingsOf(code)) {
    const key = coding.system === undefined ? undefined : SYSTEM_KEYS.get(coding.system);
    const definition = key && coding.code ? assessmentByCode(key, coding.code) : undefined;
    if (definition) return definition;
  }
  return undefined;
}

/** How an assessment is named in messages, e.g. `6-minute walk distance (LOINC 64098-7)`. */
export function describeAssessment(definition: AssessmentDefinition): string {
  return `${definition.display} (${definition.code.system.toUpperCase()} ${definition.code.code})`;
}
