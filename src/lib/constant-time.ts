/**
 * Compares two byte strings in time that depends only on their length.
 * Callers that compare secrets of unknown length should hash both sides first
 * (see {@link secretsMatch}).
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/**
 * Compares a presented secret with the expected one without leaking, through timing,
 * how many leading characters matched or how long the expected secret is: both sides are
 * hashed to 32 bytes first, then compared in constant time.
 */
export async function secretsMatch(presented: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [left, right] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(presented)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  return bytesEqual(new Uint8Array(left), new Uint8Array(right));
}
