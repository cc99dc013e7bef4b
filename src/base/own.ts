/** Whether `value` is a non-null object (an array included): something that can hold fields. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * `holder[key]` when it is the holder's own property, else `undefined` (also for a holder that is no object):
 * an inherited `constructor` or a field polluted onto `Object.prototype` never reads as data (RELIABILITY 19).
 */
export function ownValue<TValue = unknown>(holder: unknown, key: string): TValue | undefined {
  return isObject(holder) && Object.hasOwn(holder, key) ? (holder[key] as TValue) : undefined;
}
