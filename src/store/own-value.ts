/** Reads an own property only: a polluted prototype must not configure the store or a publish. */
export const ownValue = (options: object, key: string): unknown =>
  Object.hasOwn(options, key) ? (options as Record<string, unknown>)[key] : undefined;
