import { benchAssessment, type ObservationPlacement } from './observation-fixture';

/** Two years of a practice's work: effective dates fall in [WINDOW_START, WINDOW_START + 2 years). */
const WINDOW_START = Date.UTC(2024, 6, 1);
const WINDOW_MILLISECONDS = Date.UTC(2026, 6, 1) - WINDOW_START;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * What a client's sessions and assessments leave behind, in order: heart rate before and after
 * each session, the functional tests every few sessions, weight and pain now and then. A third
 * of the Observations are heart rates, so every client has enough of them for a 50-entry page.
 */
const CYCLE = [
  '8867-4',
  '8867-4',
  '64098-7',
  '8867-4',
  '8867-4',
  '89423-8',
  '8867-4',
  '8867-4',
  '83172-7',
  '66247-8',
  '29463-7',
  '72514-3',
].map(benchAssessment);

/** The codes the search scenario queries by, in order of preference (the DESIGN.md catalog). */
export const SEARCHED_CODES = ['8867-4', '64098-7', '89423-8'] as const;

export interface HistoryShape {
  clients: number;
  observations: number;
}

/**
 * The `sequence`-th Observation of the practice: its client (round robin, so every client has
 * about the same number) and its assessment and effective time. A client's Observations are
 * spread evenly over the two years, at a time of day that differs between clients.
 */
export function observationOf(shape: HistoryShape, sequence: number): { client: number } & ObservationPlacement {
  const client = sequence % shape.clients;
  const ordinal = Math.floor(sequence / shape.clients);
  const perClient = Math.max(1, Math.ceil(shape.observations / shape.clients));
  const spacing = WINDOW_MILLISECONDS / perClient;
  const day = Math.floor((ordinal * spacing) / MINUTE) * MINUTE;
  const effective = new Date(WINDOW_START + day + ((client * 7) % 10) * HOUR + 7 * HOUR);
  return { client, assessment: CYCLE[ordinal % CYCLE.length]!, effective };
}
