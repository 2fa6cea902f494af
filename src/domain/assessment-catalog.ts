/**
 * The assessments a trainer records, as one data table: the single source for the practice API,
 * the FHIR mappers, write validation and the published value sets. Codes are verified LOINC
 * (or SNOMED CT) codes; instruments without a verified code use the practice-local code system
 * until one is confirmed — never an invented LOINC code.
 * Code systems are named by short keys here (domain stays free of FHIR URLs); fhir/ maps them.
 */

export type CodeSystemKey = 'loinc' | 'snomed' | 'local';

/** Which way is better: more metres walked, fewer seconds for Timed Up and Go. */
export type ImprovementDirection = 'increase' | 'decrease';

export interface CatalogCode {
  system: CodeSystemKey;
  code: string;
  display: string;
}

export interface UnitConversion {
  /** UCUM code a value may be given in. */
  unit: string;
  /** Multiply by this to get the catalog unit. */
  factor: number;
}

export interface AssessmentComponent {
  key: string;
  code: CatalogCode;
  range: readonly [number, number];
}

export interface AssessmentDefinition {
  key: string;
  display: string;
  code: CatalogCode;
  /** Further codings for the same measure (e.g. SNOMED beside LOINC). */
  alternateCodes?: readonly CatalogCode[];
  /** The UCUM unit values are stored in. */
  unit: string;
  /** Other units accepted on input, converted to `unit`. */
  conversions?: readonly UnitConversion[];
  direction: ImprovementDirection;
  /** Values outside are refused as implausible (in `unit`). */
  range: readonly [number, number];
  /** For panels (blood pressure): the component measures; the value lives in them. */
  components?: readonly AssessmentComponent[];
  /** US Core vital sign (category `vital-signs`) rather than an exercise assessment. */
  vitalSign?: boolean;
  /** A PA IG Exercise Vital Sign measure (habitual activity level, category `activity`), not a test. */
  exerciseVitalSign?: boolean;
  /** Reported by the client on a scale or questionnaire (category `survey`) rather than measured. */
  patientReported?: boolean;
}

const loinc = (code: string, display: string): CatalogCode => ({ system: 'loinc', code, display });
const local = (code: string, display: string): CatalogCode => ({ system: 'local', code, display });

const POUNDS_TO_KG = 0.45359237;

export const ASSESSMENT_CATALOG: readonly AssessmentDefinition[] = [
  {
    key: '6mwt',
    display: '6-minute walk distance',
    code: loinc('64098-7', 'Six minute walk test'),
    alternateCodes: [{ system: 'snomed', code: '1144649008', display: 'Six minute walk test distance' }],
    unit: 'm',
    conversions: [{ unit: '[ft_i]', factor: 0.3048 }, { unit: 'km', factor: 1000 }],
    direction: 'increase',
    range: [0, 1000],
  },
  {
    key: 'tug',
    display: 'Timed Up and Go',
    code: loinc('89423-8', 'Timed up and go test'),
    unit: 's',
    conversions: [{ unit: 'min', factor: 60 }],
    direction: 'decrease',
    range: [1, 300],
  },
  {
    key: '30s-chair-stand',
    display: '30-second chair stand',
    code: loinc('66247-8', '30 second chair stand test'),
    unit: '{#}',
    direction: 'increase',
    range: [0, 60],
  },
  {
    key: 'grip-left',
    display: 'Grip strength, left hand',
    code: loinc('83173-5', 'Grip strength Hand - left Dynamometer'),
    unit: 'kg',
    conversions: [{ unit: '[lbf_av]', factor: POUNDS_TO_KG }],
    direction: 'increase',
    range: [0, 100],
  },
  {
    key: 'grip-right',
    display: 'Grip strength, right hand',
    code: loinc('83174-3', 'Grip strength Hand - right Dynamometer'),
    unit: 'kg',
    conversions: [{ unit: '[lbf_av]', factor: POUNDS_TO_KG }],
    direction: 'increase',
    range: [0, 100],
  },
  {
    key: 'gait-speed',
    display: 'Gait speed (4 m)',
    code: loinc('83172-7', 'Gait speed'),
    unit: 'm/s',
    conversions: [{ unit: 'cm/s', factor: 0.01 }],
    direction: 'increase',
    range: [0.05, 3],
  },
  {
    key: 'blood-pressure',
    display: 'Blood pressure',
    code: loinc('85354-9', 'Blood pressure panel with all children optional'),
    unit: 'mm[Hg]',
    direction: 'decrease',
    range: [20, 300],
    vitalSign: true,
    components: [
      { key: 'systolic', code: loinc('8480-6', 'Systolic blood pressure'), range: [50, 300] },
      { key: 'diastolic', code: loinc('8462-4', 'Diastolic blood pressure'), range: [20, 200] },
    ],
  },
  {
    key: 'heart-rate',
    display: 'Heart rate',
    code: loinc('8867-4', 'Heart rate'),
    unit: '/min',
    direction: 'decrease',
    range: [20, 250],
    vitalSign: true,
  },
  {
    key: 'resting-heart-rate',
    display: 'Resting heart rate',
    code: loinc('40443-4', 'Heart rate --resting'),
    unit: '/min',
    direction: 'decrease',
    range: [20, 200],
  },
  {
    key: 'body-weight',
    display: 'Body weight',
    code: loinc('29463-7', 'Body weight'),
    unit: 'kg',
    conversions: [{ unit: '[lb_av]', factor: POUNDS_TO_KG }, { unit: 'g', factor: 0.001 }],
    direction: 'decrease',
    range: [20, 400],
    vitalSign: true,
  },
  {
    key: 'body-height',
    display: 'Body height',
    code: loinc('8302-2', 'Body height'),
    unit: 'cm',
    conversions: [{ unit: 'm', factor: 100 }, { unit: '[in_i]', factor: 2.54 }],
    direction: 'increase',
    range: [50, 250],
    vitalSign: true,
  },
  {
    key: 'bmi',
    display: 'Body mass index',
    code: loinc('39156-5', 'Body mass index (BMI) [Ratio]'),
    unit: 'kg/m2',
    direction: 'decrease',
    range: [10, 90],
    vitalSign: true,
  },
  {
    key: 'pain',
    display: 'Pain severity (0-10)',
    code: loinc('72514-3', 'Pain severity - 0-10 verbal numeric rating [Score] - Reported'),
    unit: '{score}',
    direction: 'decrease',
    range: [0, 10],
    patientReported: true,
  },
  {
    key: 'promis-physical-function',
    display: 'PROMIS physical function T-score',
    code: loinc('77874-6', 'PROMIS physical function T-score'),
    unit: '{T-score}',
    direction: 'increase',
    range: [10, 90],
    patientReported: true,
  },
  {
    key: 'evs-days-per-week',
    display: 'Days per week of moderate to vigorous physical activity',
    code: loinc('89555-7', 'How many days per week did you engage in moderate to strenuous physical activity in the last 30 days'),
    unit: 'd/wk',
    direction: 'increase',
    range: [0, 7],
    exerciseVitalSign: true,
  },
  {
    key: 'evs-minutes-per-day',
    display: 'Minutes per day of moderate to vigorous physical activity',
    code: loinc('68516-4', 'On those days that you engage in moderate to strenuous exercise, how many minutes, on average, do you exercise'),
    unit: 'min/d',
    direction: 'increase',
    range: [0, 1440],
    exerciseVitalSign: true,
  },
  {
    key: 'evs-minutes-per-week',
    display: 'Minutes per week of moderate to vigorous physical activity',
    code: loinc('82290-8', 'Frequency of moderate to vigorous aerobic physical activity'),
    unit: 'min/wk',
    direction: 'increase',
    range: [0, 10080],
    exerciseVitalSign: true,
  },
  {
    key: 'strength-days-per-week',
    display: 'Days per week of muscle-strengthening activity',
    code: loinc('82291-6', 'Frequency of muscle-strengthening physical activity'),
    unit: 'd/wk',
    direction: 'increase',
    range: [0, 7],
    exerciseVitalSign: true,
  },
  {
    key: 'berg-balance',
    display: 'Berg Balance Scale total score',
    code: local('berg-balance-total', 'Berg Balance Scale total score'),
    unit: '{score}',
    direction: 'increase',
    range: [0, 56],
  },
];

const byKey = new Map(ASSESSMENT_CATALOG.map((definition) => [definition.key, definition]));

export function assessmentByKey(key: string): AssessmentDefinition | undefined {
  return byKey.get(key);
}

/** The catalog entry whose code (or alternate code) is `system|code`; undefined outside the catalog. */
export function assessmentByCode(system: CodeSystemKey, code: string): AssessmentDefinition | undefined {
  return ASSESSMENT_CATALOG.find(
    (definition) =>
      (definition.code.system === system && definition.code.code === code) ||
      definition.alternateCodes?.some((alternate) => alternate.system === system && alternate.code === code),
  );
}

/**
 * A value in `unit` expressed in the assessment's catalog unit; undefined when the unit cannot be
 * converted.
 */
export function toCatalogUnit(definition: AssessmentDefinition, value: number, unit: string): number | undefined {
  if (unit === definition.unit) return value;
  const conversion = definition.conversions?.find((candidate) => candidate.unit === unit);
  return conversion ? value * conversion.factor : undefined;
}

export function isPlausible(range: readonly [number, number], value: number): boolean {
  return value >= range[0] && value <= range[1];
}
