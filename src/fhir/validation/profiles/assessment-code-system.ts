import type { CodeSystem } from '@medplum/fhirtypes';
import { ASSESSMENT_CATALOG } from '../../../domain/assessment-catalog';
import { MET_LOCAL_ASSESSMENT_SYSTEM } from '../../canonical';
import { PUBLICATION } from './publication';

/**
 * The practice-local code system for instruments without a verified standard code (Berg Balance
 * Scale…), generated from the assessment catalog. Codes move to LOINC or SNOMED CT once one is
 * confirmed; none is ever invented in those systems.
 * @see https://hl7.org/fhir/R4/codesystem.html
 */
export function assessmentCodeSystem(): CodeSystem {
  const concepts = ASSESSMENT_CATALOG.flatMap((definition) => [definition.code, ...(definition.alternateCodes ?? [])])
    .filter((code) => code.system === 'local')
    .map((code) => ({ code: code.code, display: code.display }));
  return {
    resourceType: 'CodeSystem',
    id: 'met-assessment',
    url: MET_LOCAL_ASSESSMENT_SYSTEM,
    ...PUBLICATION,
    name: 'METAssessment',
    title: 'MET Assessment Codes (practice-local)',
    description:
      'Assessments recorded by medical exercise practices for which no LOINC or SNOMED CT code has been verified yet.',
    caseSensitive: true,
    content: 'complete',
    count: concepts.length,
    concept: concepts,
  };
}
