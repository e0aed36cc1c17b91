/**
 * Field names come from the payload (CSV headers, XML element names), so a name like
 * `__proto__` must become an ordinary own property, never the object's prototype.
 */
export const setOwnField = (fields: Record<string, unknown>, name: string, value: unknown): void => {
  if (name === "__proto__") Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
  else fields[name] = value;
};

export const hasOwnField = (fields: Record<string, unknown>, name: string): boolean => Object.hasOwn(fields, name);
