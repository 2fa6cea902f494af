import { z } from 'zod';
import { deliverySchema } from '../delivery/delivery-view';
import { referralSchema } from './referral-view';

/** What an action answers: the referral after the change, and for an accept, its acknowledgement letter and delivery. */
export const referralTransitionSchema = referralSchema.extend({
  acknowledgement: z
    .object({
      documentReferenceId: z.string(),
      delivery: deliverySchema,
    })
    .optional()
    .describe('On accept: the letter to the referring physician (a DocumentReference with the PDF) and how it reaches them.'),
});

export type ReferralTransitionResult = z.infer<typeof referralTransitionSchema>;
