import type { ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';
import { ASSESSMENT_CATALOG, type CatalogCode, type CodeSystemKey } from '../../../domain/assessment-catalog';
import { systemUrlOf } from '../catalog-assessment';
import { MET_ASSESSMENT_CODES_VALUE_SET } from '../met-profiles';
import { PUBLICATION } from './publication';

const SYSTEM_ORDER: readonly CodeSystemKey[] = ['loinc', 'snomed', 'local'];

/**
 * Every code of the assessment catalog (main and alternate codes), generated from it: the codes
 * whose units, ranges and categories the MET assessment Observation profile enforces.
 * @see https://hl7.org/fhir/R4/valueset.html
 */
export function assessmentValueSet(): ValueSet {
  const codes: CatalogCode[] = ASSESSMENT_CATALOG.flatMap((definition) => [definition.code, ...(definition.alternateCodes ?? [])]);
  const include: ValueSetComposeInclude[] = SYSTEM_ORDER.map((system) => ({
    system: systemUrlOf(system),
    concept: codes.filter((code) => code.system === system).map((code) => ({ code: code.code, display: code.display })),
  })).filter((entry) => entry.concept.length > 0);
  return {
    resourceType: 'ValueSet',
    id: 'met-assessment-codes',
    url: MET_ASSESSMENT_CODES_VALUE_SET,
    ...PUBLICATION,
    name: 'METAssessmentCodes',
    title: 'MET Assessment Codes',
    description:
      'The assessments of the MetBridge assessment catalog. An Observation with one of these codes must follow the catalog\'s unit, plausible range and category (profile met-assessment-observation); other codes are accepted as they are.',
    compose: { include },
  };
}
