/** An input type that also accepts readonly arrays and `as const` literals (we never mutate inputs). */
export type ReadonlyInput<T> = T extends readonly (infer TItem)[]
  ? readonly ReadonlyInput<TItem>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadonlyInput<T[K]> }
    : T;
