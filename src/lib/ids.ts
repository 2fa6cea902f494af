const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A random resource or row id: never sequential, so ids reveal nothing about volume or order. */
export function newId(): string {
  return crypto.randomUUID();
}

/** True when `value` is a UUID in canonical text form (the only ids this service assigns). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
