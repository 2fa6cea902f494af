import type { Condition, Practitioner, Reference } from '@medplum/fhirtypes';
import {
  CLINICAL_STATUSES,
  recordedClinicalStatus,
  VERIFICATION_STATUSES,
  type Diagnosis,
  type DiagnosisDetails,
} from '../../domain/diagnosis';
import { NPI_SYSTEM } from '../../domain/npi';
import { codeFrom, patientReference, PHYSICAL_ACTIVITY_CATEGORY, referencedId } from './codings';

export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
const CLINICAL_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CONDITION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-category';

export interface ConditionContext {
  patientId: string;
  /** The trainer who recorded it (their Practitioner), when a person did. */
  recorder?: Reference<Practitioner>;
  /** When it was recorded (a FHIR dateTime); the caller reads the clock. */
  recordedDate?: string;
}

/**
 * A diagnosis as a US Core problem-list Condition with the PA IG PhysicalActivity category. The
 * source physician is the asserter, referenced logically by NPI and name (they need not exist as
 * a Practitioner here).
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-condition.html
 * @see https://hl7.org/fhir/us/physical-activity/StructureDefinition-pa-condition-low-pa.html (category)
 */
export function diagnosisToCondition(diagnosis: DiagnosisDetails, context: ConditionContext): Condition {
  const clinicalStatus = recordedClinicalStatus(diagnosis);
  const physician = diagnosis.sourcePhysician;
  return {
    resourceType: 'Condition',
    ...(clinicalStatus ? { clinicalStatus: { coding: [{ system: CLINICAL_STATUS_SYSTEM, code: clinicalStatus }] } } : {}),
    verificationStatus: { coding: [{ system: VERIFICATION_STATUS_SYSTEM, code: diagnosis.verificationStatus }] },
    category: [
      { coding: [{ system: CONDITION_CATEGORY_SYSTEM, code: 'problem-list-item', display: 'Problem List Item' }] },
      PHYSICAL_ACTIVITY_CATEGORY,
    ],
    code: {
      coding: [{ system: ICD10CM_SYSTEM, code: diagnosis.code, ...(diagnosis.display ? { display: diagnosis.display } : {}) }],
      ...(diagnosis.display ? { text: diagnosis.display } : {}),
    },
    subject: patientReference(context.patientId),
    ...(diagnosis.onset ? { onsetDateTime: diagnosis.onset } : {}),
    ...(context.recordedDate ? { recordedDate: context.recordedDate } : {}),
    ...(context.recorder ? { recorder: context.recorder } : {}),
    ...(physician
      ? {
          asserter: {
            type: 'Practitioner',
            ...(physician.npi ? { identifier: { system: NPI_SYSTEM, value: physician.npi } } : {}),
            display: physician.name,
          },
        }
      : {}),
    ...(diagnosis.note ? { note: [{ text: diagnosis.note }] } : {}),
  };
}

/** A stored Condition as a diagnosis; undefined when it carries no ICD-10-CM code or no subject Patient. */
export function conditionToDiagnosis(condition: Condition & { id: string }): Diagnosis | undefined {
  const coding = condition.code?.coding?.find((candidate) => candidate.system === ICD10CM_SYSTEM && candidate.code);
  const clientId = referencedId(condition.subject, 'Patient');
  if (!coding?.code || !clientId) return undefined;
  const display = coding.display ?? condition.code?.text;
  const verificationStatus = codeFrom(condition.verificationStatus, VERIFICATION_STATUS_SYSTEM);
  const clinicalStatus = codeFrom(condition.clinicalStatus, CLINICAL_STATUS_SYSTEM);
  const asserter = condition.asserter;
  const npi = asserter?.identifier?.system === NPI_SYSTEM ? asserter.identifier.value : undefined;
  const note = condition.note?.map((annotation) => annotation.text).join('\n\n');
  return {
    id: condition.id,
    clientId,
    code: coding.code,
    ...(display ? { display } : {}),
    ...(condition.onsetDateTime ? { onset: condition.onsetDateTime } : {}),
    ...(asserter?.display ? { sourcePhysician: { name: asserter.display, ...(npi ? { npi } : {}) } } : {}),
    ...(isOneOf(VERIFICATION_STATUSES, verificationStatus) ? { verificationStatus } : {}),
    ...(isOneOf(CLINICAL_STATUSES, clinicalStatus) ? { clinicalStatus } : {}),
    ...(note ? { note } : {}),
  };
}

function isOneOf<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return (values as readonly (string | undefined)[]).includes(value);
}
