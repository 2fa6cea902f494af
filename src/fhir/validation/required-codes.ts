import { crawlTypedValue, toTypedValue, type TypedValueWithPath } from '@medplum/core';
import type { OutcomeIssueInput } from '../outcome';
import { concreteExpression } from './fhirpath-expression';
import { ensureR4DefinitionsIndexed, requiredValueSetCodes } from './r4-definitions';
import type { ResourceJson } from './write-candidate';

/**
 * Codes of elements bound to a required value set (`Observation.status`, `Patient.gender`,
 * `Quantity.comparator`…) are members of that value set. @medplum/core's validator does not
 * check bindings, so this walks the resource with its crawler over the same definitions. Value
 * sets the definitions could not expand (MIME types, currencies) are not checked.
 * @see https://hl7.org/fhir/R4/terminologies.html#required
 * @see https://hl7.org/fhir/R4/validation.html
 */
export function validateRequiredCodes(resource: ResourceJson): OutcomeIssueInput[] {
  ensureR4DefinitionsIndexed();
  const issues: OutcomeIssueInput[] = [];
  try {
    crawlTypedValue(toTypedValue(resource), {
      visitProperty(_parent, key, _path, propertyValues, schema) {
        const binding = schema.elements[key]?.binding;
        const valueSet = binding?.strength === 'required' ? binding.valueSet : undefined;
        const codes = valueSet ? requiredValueSetCodes(valueSet) : undefined;
        if (!valueSet || !codes) return;
        for (const value of propertyValues.flat() as TypedValueWithPath[]) {
          if (value.type !== 'code' || typeof value.value !== 'string' || codes.has(value.value)) continue;
          issues.push({
            code: 'code-invalid',
            diagnostics: `${JSON.stringify(value.value)} is not a code of the required value set ${valueSet}.`,
            expression: concreteExpression(resource, value.path),
          });
        }
      },
    });
  } catch {
    // A shape the crawler cannot walk has already been reported by the structure check.
  }
  return issues;
}
