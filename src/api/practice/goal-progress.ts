import type { Goal as FhirGoal, Observation } from '@medplum/fhirtypes';
import type { Assessment } from '../../domain/assessment';
import { goalAttainment, isOpenGoal, nextGoalStatus } from '../../domain/goal-attainment';
import { goalMeasureByKey, measuredValues } from '../../domain/goal-measures';
import { applyGoalProgress, goalFromFhir } from '../../fhir/mappers/goal';
import { observationToAssessment } from '../../fhir/mappers/observation';
import { assessmentCodeClause, clause, searchAll, type PracticeWriter } from './practice-context';

/**
 * After an assessment is written, recomputes the achievement of the client's open goals measured
 * by it, from each goal's baseline and target and the most recent assessment (by performance
 * date, so a back-dated entry does not count as the latest). Runs inside the assessment's
 * transaction: the assessment and the goal updates commit together.
 */
export async function updateGoalProgress(writer: PracticeWriter, written: Assessment): Promise<void> {
  const latest = (await latestOf(writer, written)) ?? written;
  const values = measuredValues(latest);
  const clientId = written.clientId;
  const goals = await searchAll<FhirGoal>(writer.store, 'Goal', [clause('Goal', 'patient', `Patient/${clientId}`)]);
  for (const stored of goals) {
    const parsed = goalFromFhir(stored);
    if (!parsed || !values.has(parsed.goal.measure) || !isOpenGoal(parsed.goal.lifecycleStatus)) continue;
    const measure = goalMeasureByKey(parsed.goal.measure)!;
    const attainment = goalAttainment({
      direction: measure.direction,
      ...(parsed.goal.baseline === undefined ? {} : { baseline: parsed.goal.baseline }),
      target: parsed.goal.target,
      latest: values.get(measure.key),
    });
    const next = nextGoalStatus(parsed.goal, attainment);
    const unchanged =
      next.lifecycleStatus === parsed.goal.lifecycleStatus &&
      next.achievementStatus === parsed.goal.achievementStatus &&
      parsed.latestAssessmentId === latest.id;
    if (unchanged) continue;
    const completedNow = next.lifecycleStatus === 'completed' && parsed.goal.lifecycleStatus !== 'completed';
    const updated = applyGoalProgress(stored, {
      ...next,
      latestAssessmentId: latest.id,
      ...(completedNow ? { statusDate: latest.performedAt.slice(0, 10) } : {}),
    });
    await writer.update(updated, stored, Number(stored.meta?.versionId));
  }
}

/** The client's most recent assessment of the written one's type, by when it was performed; the written one wins a tie. */
async function latestOf(writer: PracticeWriter, written: Assessment): Promise<Assessment | undefined> {
  const { clientId, type } = written;
  const observations = await searchAll<Observation>(writer.store, 'Observation', [
    clause('Observation', 'patient', `Patient/${clientId}`),
    assessmentCodeClause(type),
  ]);
  let latest: Assessment | undefined;
  for (const observation of observations) {
    const assessment = observationToAssessment(observation);
    if (assessment?.type !== type) continue;
    const time = Date.parse(assessment.performedAt);
    const latestTime = latest ? Date.parse(latest.performedAt) : -Infinity;
    if (time > latestTime || (time === latestTime && assessment.id === written.id)) latest = assessment;
  }
  return latest;
}
