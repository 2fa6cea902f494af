import {
  ASSESSMENT_CATALOG,
  type AssessmentDefinition,
  type CatalogCode,
  type ImprovementDirection,
} from './assessment-catalog';
import type { AssessmentRecord } from './assessment';

/**
 * What a goal can be measured by: every single-valued catalog assessment, and each component of a
 * panel (`blood-pressure.systolic`), since a goal targets one number. Derived from the catalog, so
 * a new assessment is a new goal measure without further code.
 */
export interface GoalMeasure {
  key: string;
  display: string;
  code: CatalogCode;
  alternateCodes: readonly CatalogCode[];
  unit: string;
  direction: ImprovementDirection;
  range: readonly [number, number];
  /** The catalog assessment whose values measure this goal. */
  assessment: AssessmentDefinition;
  /** For a panel component: its key within the assessment. */
  component?: string;
}

export const GOAL_MEASURES: readonly GoalMeasure[] = ASSESSMENT_CATALOG.flatMap((definition): GoalMeasure[] => {
  if (!definition.components) {
    return [
      {
        key: definition.key,
        display: definition.display,
        code: definition.code,
        alternateCodes: definition.alternateCodes ?? [],
        unit: definition.unit,
        direction: definition.direction,
        range: definition.range,
        assessment: definition,
      },
    ];
  }
  return definition.components.map((component) => ({
    key: `${definition.key}.${component.key}`,
    display: component.code.display,
    code: component.code,
    alternateCodes: [],
    unit: definition.unit,
    direction: definition.direction,
    range: component.range,
    assessment: definition,
    component: component.key,
  }));
});

const byKey = new Map(GOAL_MEASURES.map((measure) => [measure.key, measure]));

export function goalMeasureByKey(key: string): GoalMeasure | undefined {
  return byKey.get(key);
}

/** The goal measure identified by `code` (its primary or an alternate catalog code). */
export function goalMeasureByCode(code: CatalogCode): GoalMeasure | undefined {
  const same = (candidate: CatalogCode) => candidate.system === code.system && candidate.code === code.code;
  return GOAL_MEASURES.find((measure) => same(measure.code) || measure.alternateCodes.some(same));
}

/** The value an assessment gives each goal measure it informs, in the catalog unit. */
export function measuredValues(record: Pick<AssessmentRecord, 'type' | 'value' | 'components'>): Map<string, number> {
  const values = new Map<string, number>();
  if (record.value !== undefined) values.set(record.type, record.value);
  for (const [component, value] of Object.entries(record.components ?? {})) values.set(`${record.type}.${component}`, value);
  return values;
}
