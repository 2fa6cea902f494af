import type { Context } from 'hono';
import { z } from 'zod';
import { REFERRAL_ACTION_DEFINITIONS, REFERRAL_ACTIONS, type ReferralAction } from '../../domain/referrals/referral-actions';
import { acknowledgementOutput } from '../../fhir/mappers/referral-task';
import { actorRoleOf } from '../../fhir/validation/actor-role';
import { ApiError, invalidFields } from '../api-error';
import type { AppEnv } from '../app-env';
import { practiceStore } from '../practice/practice-context';
import { defineRoute, type PracticeDeps, type ResourceAccess } from '../practice/practice-route';
import { text } from '../practice/schemas';
import { readDelivery } from '../delivery/delivery-view';
import { acknowledgeReferral, type Acknowledgement } from './acknowledge-referral';
import { referralParts } from './referral-store';
import { referralTransitionSchema, type ReferralTransitionResult } from './referral-transition-result';
import { transitionedTask } from './referral-transition';
import { changeReferral } from './referral-update';
import { referralView } from './referral-view';

/**
 * `POST /api/v1/referrals/{id}/accept|decline|start|hold|resume|complete|fail`: each a PA IG Task
 * transition made by the practice. decline, hold and fail need `{"reason"}` (the Task's
 * statusReason); the others take no body. Accepting also writes the acknowledgement letter.
 */

const reasonBody = z.strictObject({ reason: text(500).describe('Why; becomes Task.statusReason.text, which the referrer sees.') });
const noBody = z.strictObject({});

function actionRoute(action: ReferralAction) {
  const definition = REFERRAL_ACTION_DEFINITIONS[action];
  const touches: ResourceAccess[] = [
    { resourceType: 'Task', interaction: 'read' },
    { resourceType: 'Task', interaction: 'update' },
    ...(action === 'accept' ? [{ resourceType: 'DocumentReference', interaction: 'create' } as const] : []),
  ];
  const common = {
    method: 'post' as const,
    path: `/referrals/:id/${action}`,
    operationId: `${action}Referral`,
    tag: 'Referrals',
    summary: definition.summary,
    description: `Sets the referral Task to ${definition.status}${definition.reason === 'required' ? ' with the reason as its statusReason' : ''}.`,
    response: { status: 200 as const, description: 'The referral after the change.', schema: referralTransitionSchema },
    errors: [400, 404, 409, 415] as const,
    touches,
  };
  if (definition.reason === 'required') {
    return defineRoute({ ...common, body: reasonBody, handle: (c, { body, deps }) => act(c, action, body.reason, deps) });
  }
  return defineRoute({
    ...common,
    async handle(c, { deps }) {
      await refuseAnyBody(c);
      return act(c, action, undefined, deps);
    },
  });
}

async function act(c: Context<AppEnv>, action: ReferralAction, reason: string | undefined, deps: PracticeDeps): Promise<Response> {
  const principal = c.var.principal;
  const role = actorRoleOf(principal.actor);
  // Read before the transaction: inside it, every read goes through the writer's store.
  const practice = action === 'accept' ? await c.var.repositories.practices.findById(principal.practiceId) : undefined;
  if (action === 'accept' && !practice) throw new Error('the principal names a practice that does not exist');
  const { task, result } = await changeReferral<Acknowledgement | undefined>(c, c.req.param('id')!, async (current, writer) => {
    const now = deps.clock.now();
    const next = transitionedTask(current, action, reason, role, now.toISOString());
    if (!practice) return { task: next, result: undefined };
    const acknowledgement = await acknowledgeReferral(writer, practice, principal, next, now, deps.fhirBase);
    return {
      task: { ...next, output: [...(next.output ?? []), acknowledgementOutput(acknowledgement.documentReferenceId)] },
      result: acknowledgement,
      afterWrite: acknowledgement.send,
    };
  });
  const view = referralView(task, await referralParts(practiceStore(c), [task]));
  const acknowledgement = result && (await acknowledgementView(c, result.documentReferenceId));
  const body: ReferralTransitionResult = { ...view, ...(acknowledgement ? { acknowledgement } : {}) };
  return c.json(body);
}

/** The letter and its delivery as it stands now (read after the accept committed). */
async function acknowledgementView(c: Context<AppEnv>, documentReferenceId: string): Promise<ReferralTransitionResult['acknowledgement']> {
  const delivery = await readDelivery(c.var.repositories, c.var.principal.practiceId, 'DocumentReference', documentReferenceId);
  return delivery ? { documentReferenceId, delivery } : undefined;
}

/** Actions without a reason take no body; a body with fields is refused naming them, so that nothing is silently ignored. */
async function refuseAnyBody(c: Context<AppEnv>): Promise<void> {
  const raw = (await c.req.text()).trim();
  if (!raw) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, { error: 'invalid_json', message: 'The request body is not valid JSON.' });
  }
  const checked = noBody.safeParse(parsed);
  if (!checked.success) throw invalidFields(checked.error.issues);
}

export const referralActionRoutes = REFERRAL_ACTIONS.map(actionRoute);
