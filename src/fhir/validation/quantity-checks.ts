import { UCUM } from '../canonical';
import type { OutcomeIssueInput } from '../outcome';
import { isPlausible } from '../../domain/assessment-catalog';
import type { JsonObject } from './json-values';

/**
 * A Quantity that must be in one UCUM unit: `system` is UCUM and `code` is the unit.
 * @see https://hl7.org/fhir/R4/datatypes.html#Quantity
 */
export function ucumUnitIssues(quantity: JsonObject, unit: string, path: string, subject: string): OutcomeIssueInput[] {
  const issues: OutcomeIssueInput[] = [];
  if (quantity.system !== UCUM) {
    issues.push({ code: 'value', diagnostics: `${subject} must be coded in UCUM (system ${UCUM}).`, expression: `${path}.system` });
  }
  if (quantity.code !== unit) {
    issues.push({
      code: 'value',
      diagnostics: `${subject} must be given in the UCUM unit ${unit}, not ${JSON.stringify(quantity.code ?? null)}.`,
      expression: `${path}.code`,
    });
  }
  return issues;
}

/**
 * A Quantity in `unit` whose value lies in the plausible range. Checked only when the unit is
 * right: a value in another unit cannot be judged (the unit issue is reported instead).
 */
export function plausibleValueIssues(
  quantity: JsonObject,
  unit: string,
  range: readonly [number, number],
  path: string,
  subject: string,
): OutcomeIssueInput[] {
  if (quantity.code !== unit) return [];
  const value = quantity.value;
  if (value === undefined) {
    return [{ code: 'required', diagnostics: `${subject} needs a value.`, expression: `${path}.value` }];
  }
  if (typeof value !== 'number' || isPlausible(range, value)) return [];
  return [
    {
      code: 'value',
      diagnostics: `${subject} of ${value} ${unit} is implausible; expected ${range[0]} to ${range[1]} ${unit}.`,
      expression: `${path}.value`,
    },
  ];
}
