import type { Interaction } from '../fhir-request';
import { runBatch } from './bundle-batch';
import { planBundle } from './bundle-plan';
import { runTransaction } from './bundle-transaction';

/**
 * `POST [base]` with a `batch` or `transaction` Bundle: answers a `batch-response` or
 * `transaction-response` whose entries are in the order of the request's. `Prefer: return=…`
 * applies to every entry.
 * @see https://hl7.org/fhir/R4/http.html#transaction
 */
export const batchOrTransaction: Interaction = async (context, request) => {
  const plan = planBundle(request.body, context.baseUrl);
  context.audit.attempting({ interaction: plan.kind });
  const prefer = request.header('prefer');
  return plan.kind === 'transaction' ? runTransaction(context, plan.entries, prefer) : runBatch(context, plan.entries, prefer);
};
