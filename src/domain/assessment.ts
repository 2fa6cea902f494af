import {
  ASSESSMENT_CATALOG,
  assessmentByKey,
  isPlausible,
  toCatalogUnit,
  type AssessmentDefinition,
} from './assessment-catalog';

/**
 * An assessment a trainer records (a 6-minute walk, a blood pressure…), checked against the
 * assessment catalog: the catalog decides which types exist, which units convert, and which
 * values are plausible.
 */

/** What a trainer sends: one value, or one value per component for a panel (blood pressure). */
export interface AssessmentInput {
  type: string;
  value?: number;
  components?: Record<string, number>;
  /** UCUM code; defaults to the catalog unit. */
  unit?: string;
  /** When it was performed: `YYYY-MM-DD` or a date-time with offset. */
  performedAt: string;
  note?: string;
}

/** An assessment as stored: always in the catalog unit. */
export interface Assessment {
  id: string;
  clientId: string;
  type: string;
  value?: number;
  components?: Record<string, number>;
  unit: string;
  performedAt: string;
  note?: string;
}

export type AssessmentRecord = Omit<Assessment, 'id' | 'clientId'>;

/** `invalid` problems are malformed requests (400); `implausible` ones are refused values (422). */
export interface AssessmentProblem {
  kind: 'invalid' | 'implausible';
  field: string;
  message: string;
}

export const ASSESSMENT_TYPES: readonly string[] = ASSESSMENT_CATALOG.map((definition) => definition.key);

/** The units a value of `definition` may be given in, the catalog unit first. */
export function acceptedUnits(definition: AssessmentDefinition): string[] {
  return [definition.unit, ...(definition.conversions ?? []).map((conversion) => conversion.unit)];
}

export function unknownTypeMessage(type: string): string {
  return `Unknown assessment type ${JSON.stringify(type)}. Valid types: ${ASSESSMENT_TYPES.join(', ')}.`;
}

/**
 * Every problem with `input`, or the record to store: values converted to the catalog unit
 * (rounded to 3 decimals so that a conversion does not invent precision).
 */
export function checkAssessment(
  input: AssessmentInput,
): { ok: true; record: AssessmentRecord; definition: AssessmentDefinition } | { ok: false; problems: AssessmentProblem[] } {
  const problems = assessmentShapeProblems(input);
  const definition = assessmentByKey(input.type);
  if (problems.length || !definition) return { ok: false, problems };
  const unit = input.unit ?? definition.unit;
  const convert = (value: number) => convertValue(definition, value, unit);

  const record: AssessmentRecord = {
    type: definition.key,
    unit: definition.unit,
    performedAt: input.performedAt,
    ...(input.note === undefined ? {} : { note: input.note }),
  };
  if (definition.components) {
    record.components = Object.fromEntries(
      definition.components.map((component) => [component.key, convert(input.components![component.key]!)]),
    );
    for (const component of definition.components) {
      const value = record.components[component.key]!;
      if (!isPlausible(component.range, value)) {
        const what = `${component.key} ${value} ${definition.unit}`;
        problems.push(implausible(`components.${component.key}`, what, component.range, definition.unit));
      }
    }
  } else {
    record.value = convert(input.value!);
    if (!isPlausible(definition.range, record.value)) {
      const what = `${definition.display} ${record.value} ${definition.unit}`;
      problems.push(implausible('value', what, definition.range, definition.unit));
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, record, definition };
}

/**
 * The request-shape problems only (unknown type, wrong value shape, unconvertible unit), for the
 * API boundary to report beside its other field errors.
 */
export function assessmentShapeProblems(input: Partial<Record<keyof AssessmentInput, unknown>>): AssessmentProblem[] {
  if (typeof input.type !== 'string') return [];
  const definition = assessmentByKey(input.type);
  if (!definition) return [{ kind: 'invalid', field: 'type', message: unknownTypeMessage(input.type) }];
  const problems: AssessmentProblem[] = [];
  const components = definition.components;
  if (components) {
    const keys = components.map((component) => component.key);
    if (input.value !== undefined) {
      problems.push(invalid('value', `${definition.display} is a panel: give components ${keys.join(' and ')}, not value.`));
    }
    const given = isRecord(input.components) ? input.components : {};
    for (const key of keys) {
      if (given[key] === undefined) problems.push(invalid(`components.${key}`, `Give ${key}.`));
    }
    for (const key of Object.keys(given).filter((key) => !keys.includes(key))) {
      problems.push(invalid(`components.${key}`, `${definition.display} has no component ${key}; it has ${keys.join(' and ')}.`));
    }
  } else {
    if (input.components !== undefined) {
      problems.push(invalid('components', `${definition.display} has a single value: give value, not components.`));
    }
    if (input.value === undefined) problems.push(invalid('value', `Give the ${definition.display} value.`));
  }
  if (typeof input.unit === 'string' && !acceptedUnits(definition).includes(input.unit)) {
    problems.push(invalid('unit', unconvertibleUnitMessage(input.unit, definition)));
  }
  return problems;
}

/** Why `unit` is refused for `definition`, naming the units that are accepted. */
export function unconvertibleUnitMessage(unit: string, definition: AssessmentDefinition): string {
  return `${JSON.stringify(unit)} cannot be converted to ${definition.unit}; use one of ${acceptedUnits(definition).join(', ')}.`;
}

/** A value in `unit` converted to the catalog unit; same-unit values are kept exactly. */
export function convertValue(definition: AssessmentDefinition, value: number, unit: string): number {
  const converted = toCatalogUnit(definition, value, unit);
  if (converted === undefined) throw new Error(`${unit} is not convertible to ${definition.unit}`);
  return unit === definition.unit ? converted : Math.round(converted * 1000) / 1000;
}

function invalid(field: string, message: string): AssessmentProblem {
  return { kind: 'invalid', field, message };
}

function implausible(field: string, what: string, range: readonly [number, number], unit: string): AssessmentProblem {
  return { kind: 'implausible', field, message: `${what} is outside the plausible range ${range[0]}–${range[1]} ${unit}.` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
