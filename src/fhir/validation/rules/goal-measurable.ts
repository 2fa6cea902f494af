import type { OutcomeIssueInput } from '../../outcome';
import { asList, asObject, isNonBlankString } from '../json-values';
import type { WriteRule } from '../write-candidate';

/**
 * A MET Goal is measurable: every `target` names a `measure` and the value to reach
 * (`detailQuantity` or `detailRange`), or the goal is described in words (`description.text`)
 * that a person can judge. A goal with neither cannot be followed up.
 * @see https://fhir.metbridge.org/StructureDefinition/met-goal (met-goal-1)
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-goal.html
 */
export const goalMeasurable: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Goal') return [];
  if (isNonBlankString(asObject(resource.description)?.text)) return [];
  const targets = asList(resource.target);
  if (!targets.length) {
    return [
      {
        code: 'invariant',
        diagnostics: 'A Goal needs a target with a measure and a detailQuantity or detailRange, or a description.text.',
        expression: 'Goal.target',
      },
    ];
  }
  return targets.flatMap((value, index) => incompleteTargetIssues(asObject(value) ?? {}, `Goal.target[${index}]`));
};

function incompleteTargetIssues(target: Record<string, unknown>, path: string): OutcomeIssueInput[] {
  const issues: OutcomeIssueInput[] = [];
  const hint = 'or describe the goal in description.text';
  if (target.measure === undefined) {
    issues.push({ code: 'invariant', diagnostics: `The target needs a measure, ${hint}.`, expression: `${path}.measure` });
  }
  if (target.detailQuantity === undefined && target.detailRange === undefined) {
    issues.push({ code: 'invariant', diagnostics: `The target needs a detailQuantity or detailRange, ${hint}.`, expression: `${path}.detail` });
  }
  return issues;
}
