/**
 * Why a progress report cannot be issued, independent of the surface that asked: the practice
 * API turns each reason into its JSON error, the FHIR operation into an OperationOutcome, each
 * with one exhaustive switch.
 */
export type ReportRefusalReason =
  /** The caller acts for the referrer, not the practice: only the practice reports on its work. */
  | 'not-the-practice'
  /** No such client (Patient) in the caller's practice. */
  | 'client-not-found'
  /** No such referral Task in the caller's practice. */
  | 'referral-not-found'
  /** The referral Task is about another client than the one named. */
  | 'referral-of-another-client'
  /** The referral is still `requested`: the practice has not accepted it. */
  | 'referral-not-accepted'
  /** The referral is on hold: it must be resumed before it can be completed. */
  | 'referral-on-hold'
  /** The referral is closed (rejected, cancelled, failed, entered in error, or completed with its final report). */
  | 'referral-closed'
  /** The period ends after the day the report is issued. */
  | 'period-in-future';

export class ReportRefusal extends Error {
  override readonly name = 'ReportRefusal';
  constructor(
    readonly reason: ReportRefusalReason,
    message: string,
  ) {
    super(message);
  }
}
