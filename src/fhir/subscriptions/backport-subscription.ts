import type { OutcomeIssueInput } from '../outcome';
import { asList, asObject, asString, type JsonObject } from '../validation/json-values';
import {
  FILTER_CRITERIA_EXTENSION,
  HEARTBEAT_PERIOD_EXTENSION,
  PAYLOAD_CONTENT_EXTENSION,
  TASK_TOPIC,
  TIMEOUT_EXTENSION,
} from './backport-urls';

/** What MetBridge serves of a topic-based Subscription, read from its R4 backport form. */
export interface BackportSubscription {
  topic: string;
  filter: { param: 'owner' | 'requester'; reference: string };
  endpoint: string;
  /** `Name: value` lines sent with every notification. */
  headers: string[];
  payload: 'empty' | 'id-only';
  heartbeatSeconds?: number;
  timeoutSeconds?: number;
}

export type BackportSubscriptionResult = { ok: true; value: BackportSubscription } | { ok: false; issues: OutcomeIssueInput[] };

/** Longest heartbeat period and timeout accepted, in seconds (a week; a minute). */
const MAX_HEARTBEAT_SECONDS = 7 * 24 * 3600;
const MAX_TIMEOUT_SECONDS = 60;
const HEADER_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:[ \t]*[^\r\n]*$/;
/** `Type/id` as a literal relative reference; an absolute URL is reduced to its last two segments. */
const RELATIVE_REFERENCE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * Reads a Subscription in the backport's R4 shape and checks it against what MetBridge supports:
 * the SDOH Clinical Care Task topic in `criteria`, exactly one `backport-filter-criteria` of the
 * form `Task?owner=Type/id` or `Task?requester=Type/id`, a `rest-hook` channel to an https
 * endpoint (headers allowed), `application/fhir+json` with `backport-payload-content` `id-only` or
 * `empty`, and optional `backport-heartbeat-period` / `backport-timeout`. Every problem is an
 * issue with the FHIRPath of the element to fix. Pure.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription.html
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/channels.html#rest-hook
 * @see https://hl7.org/fhir/us/sdoh-clinicalcare/checking_task_status.html (Task topic: canFilterBy owner, requester)
 */
export function readBackportSubscription(resource: JsonObject): BackportSubscriptionResult {
  const issues: OutcomeIssueInput[] = [];
  const topic = asString(resource.criteria);
  if (topic !== TASK_TOPIC) {
    issues.push(unsupported(`criteria must be the topic ${TASK_TOPIC}; other topics are not served.`, 'Subscription.criteria'));
  }
  const filter = readFilter(resource, issues);
  const channel = asObject(resource.channel) ?? {};
  if (asString(channel.type) !== 'rest-hook') {
    issues.push(unsupported('Only the rest-hook channel is supported.', 'Subscription.channel.type'));
  }
  const endpoint = asString(channel.endpoint);
  if (endpoint === undefined || !URL.canParse(endpoint) || new URL(endpoint).protocol !== 'https:') {
    issues.push({ code: 'value', diagnostics: 'channel.endpoint must be an absolute https URL.', expression: 'Subscription.channel.endpoint' });
  }
  const headers = asList(channel.header).map((line, index) => {
    const text = asString(line);
    if (text === undefined || !HEADER_LINE.test(text)) {
      issues.push({ code: 'value', diagnostics: 'Each channel.header must be one HTTP header line, "Name: value".', expression: `Subscription.channel.header[${index}]` });
    }
    return text ?? '';
  });
  const payload = readPayload(channel, issues);
  const channelExtensions = asList(channel.extension).map(asObject);
  const heartbeatSeconds = readSeconds(channelExtensions, HEARTBEAT_PERIOD_EXTENSION, MAX_HEARTBEAT_SECONDS, issues);
  const timeoutSeconds = readSeconds(channelExtensions, TIMEOUT_EXTENSION, MAX_TIMEOUT_SECONDS, issues);
  if (issues.length || !filter || !payload || endpoint === undefined) return { ok: false, issues };
  return {
    ok: true,
    value: {
      topic: TASK_TOPIC,
      filter,
      endpoint,
      headers,
      payload,
      ...(heartbeatSeconds === undefined ? {} : { heartbeatSeconds }),
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    },
  };
}

/** The trailing `Type/id` of a literal reference, relative or absolute; undefined for anything else. */
export function referenceKey(reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  const segments = reference.split(/[?#]/)[0]!.split('/');
  const key = segments.slice(-2).join('/');
  return RELATIVE_REFERENCE.test(key) ? key : undefined;
}

function readFilter(resource: JsonObject, issues: OutcomeIssueInput[]): BackportSubscription['filter'] | undefined {
  const extensions = asList(asObject(resource._criteria)?.extension).map(asObject);
  const filters = extensions.flatMap((extension, index) => (extension?.url === FILTER_CRITERIA_EXTENSION ? [{ extension, index }] : []));
  if (filters.length !== 1) {
    issues.push(
      unsupported(
        'Exactly one backport-filter-criteria is needed on criteria: Task?owner=[Type]/[id] or Task?requester=[Type]/[id].',
        filters.length ? `Subscription.criteria.extension[${filters[1]!.index}]` : 'Subscription.criteria.extension',
      ),
    );
    return undefined;
  }
  const { extension, index } = filters[0]!;
  const expression = `Subscription.criteria.extension[${index}].valueString`;
  const match = /^Task\?(owner|requester)=([^&]+)$/.exec(asString(extension!.valueString) ?? '');
  const reference = match ? RELATIVE_REFERENCE.exec(decodeURIComponent(match[2]!)) : null;
  if (!match || !reference) {
    issues.push(unsupported('The filter must be Task?owner=[Type]/[id] or Task?requester=[Type]/[id], one parameter, nothing else.', expression));
    return undefined;
  }
  return { param: match[1] as 'owner' | 'requester', reference: reference[0] };
}

function readPayload(channel: JsonObject, issues: OutcomeIssueInput[]): BackportSubscription['payload'] | undefined {
  if (asString(channel.payload) !== 'application/fhir+json') {
    issues.push(unsupported('channel.payload must be application/fhir+json.', 'Subscription.channel.payload'));
  }
  const extensions = asList(asObject(channel._payload)?.extension).map(asObject);
  const index = extensions.findIndex((extension) => extension?.url === PAYLOAD_CONTENT_EXTENSION);
  const content = index < 0 ? undefined : asString(extensions[index]!.valueCode);
  if (content === 'empty' || content === 'id-only') return content;
  issues.push(
    unsupported(
      'The backport-payload-content extension on channel.payload must be id-only or empty (full-resource is not offered).',
      index < 0 ? 'Subscription.channel.payload.extension' : `Subscription.channel.payload.extension[${index}].valueCode`,
    ),
  );
  return undefined;
}

function readSeconds(
  extensions: (JsonObject | undefined)[],
  url: string,
  max: number,
  issues: OutcomeIssueInput[],
): number | undefined {
  const index = extensions.findIndex((extension) => extension?.url === url);
  if (index < 0) return undefined;
  const value = extensions[index]!.valueUnsignedInt;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max) return value;
  issues.push({ code: 'value', diagnostics: `${url.split('/').pop()} must be a whole number of seconds from 1 to ${max}.`, expression: `Subscription.channel.extension[${index}].valueUnsignedInt` });
  return undefined;
}

function unsupported(diagnostics: string, expression: string): OutcomeIssueInput {
  return { code: 'not-supported', diagnostics, expression };
}
