import type { CodeableConcept, Observation, ObservationComponent, Practitioner, Reference } from '@medplum/fhirtypes';
import type { Assessment, AssessmentRecord } from '../../domain/assessment';
import { assessmentByCode, assessmentByKey, toCatalogUnit, type AssessmentDefinition } from '../../domain/assessment-catalog';
import {
  catalogCodesOf,
  catalogConcept,
  EXERCISE_TIMING_EXTENSION,
  observationCategory,
  patientReference,
  PHYSICAL_ACTIVITY_CATEGORY,
  readUcumQuantity,
  referencedId,
  ucumQuantity,
} from './codings';

export interface ObservationContext {
  patientId: string;
  /** The trainer who performed it (their Practitioner), when a person did. */
  performer?: Reference<Practitioner>;
}

/**
 * An assessment as an Observation: the catalog's code (LOINC, with its SNOMED alternate where
 * there is one), the value in the catalog's UCUM unit, and the categories the catalog implies
 * (`vital-signs`, `activity` for Exercise Vital Signs, `survey` for self-reports, `exam`
 * otherwise) plus PhysicalActivity. A panel (blood pressure) carries its values as components.
 * @see https://hl7.org/fhir/R4/observation.html
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 * @see https://hl7.org/fhir/us/physical-activity/measures.html
 */
export function assessmentToObservation(record: AssessmentRecord, context: ObservationContext): Observation {
  const definition = assessmentByKey(record.type);
  if (!definition) throw new Error(`assessment type ${record.type} is not in the catalog`);
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [assessmentCategory(definition), PHYSICAL_ACTIVITY_CATEGORY],
    code: catalogConcept(definition.code, definition.alternateCodes, definition.display),
    subject: patientReference(context.patientId),
    effectiveDateTime: record.performedAt,
    ...(context.performer ? { performer: [context.performer] } : {}),
    ...(record.value !== undefined ? { valueQuantity: ucumQuantity(record.value, definition.unit) } : {}),
    ...(record.note ? { note: [{ text: record.note }] } : {}),
    ...(definition.components && record.components
      ? {
          component: definition.components.map(
            (component): ObservationComponent => ({
              code: catalogConcept(component.code),
              valueQuantity: ucumQuantity(record.components![component.key]!, definition.unit),
            }),
          ),
        }
      : {}),
  };
}

export function assessmentCategory(definition: AssessmentDefinition): CodeableConcept {
  if (definition.vitalSign) return observationCategory('vital-signs');
  if (definition.exerciseVitalSign) return observationCategory('activity');
  if (definition.patientReported) return observationCategory('survey');
  return observationCategory('exam');
}

/**
 * A stored Observation as an assessment, whoever wrote it; undefined when its code is outside
 * the catalog, its value cannot be expressed in the catalog unit, it was cancelled or entered in
 * error, or it is a vital sign taken during an exercise session (see encounter.ts).
 */
export function observationToAssessment(observation: Observation & { id: string }): Assessment | undefined {
  if (observation.status === 'cancelled' || observation.status === 'entered-in-error') return undefined;
  if (observation.extension?.some((extension) => extension.url === EXERCISE_TIMING_EXTENSION)) return undefined;
  const definition = definitionOf(observation.code);
  const clientId = referencedId(observation.subject, 'Patient');
  const performedAt = observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.effectiveInstant;
  if (!definition || !clientId || !performedAt) return undefined;
  const note = observation.note?.map((annotation) => annotation.text).join('\n\n');
  const measured = measuredValue(definition, observation);
  if (!measured) return undefined;
  return {
    id: observation.id,
    clientId,
    type: definition.key,
    ...measured,
    unit: definition.unit,
    performedAt,
    ...(note ? { note } : {}),
  };
}

/** The value, or the component values of a panel, in the catalog unit; undefined when one is missing or unconvertible. */
function measuredValue(
  definition: AssessmentDefinition,
  observation: Observation,
): Pick<Assessment, 'value' | 'components'> | undefined {
  if (!definition.components) {
    const value = inCatalogUnit(definition, observation.valueQuantity);
    return value === undefined ? undefined : { value };
  }
  const components: Record<string, number> = {};
  for (const component of definition.components) {
    const match = observation.component?.find((candidate) =>
      catalogCodesOf(candidate.code).some((code) => code.system === component.code.system && code.code === component.code.code),
    );
    const value = inCatalogUnit(definition, match?.valueQuantity);
    if (value === undefined) return undefined;
    components[component.key] = value;
  }
  return { components };
}

function definitionOf(code: CodeableConcept | undefined): AssessmentDefinition | undefined {
  for (const candidate of catalogCodesOf(code)) {
    const definition = assessmentByCode(candidate.system, candidate.code);
    if (definition) return definition;
  }
  return undefined;
}

function inCatalogUnit(definition: AssessmentDefinition, quantity: Observation['valueQuantity']): number | undefined {
  const read = readUcumQuantity(quantity);
  return read && toCatalogUnit(definition, read.value, read.unit);
}
