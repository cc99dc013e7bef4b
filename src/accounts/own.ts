/**
 * A shallow copy of a request, option bag or stored record holding only its own enumerable fields, on a
 * null prototype: a field polluted onto `Object.prototype` (`matrixAccess`, `assignToAccount`, `seats`)
 * reads as missing instead of granting.
 */
export function ownFields<TValue extends object>(value: TValue): TValue {
  return Object.assign(Object.create(null) as TValue, value);
}
