/**
 * Maps keyed by user-chosen names (models, tables, variables, columns, labels …).
 *
 * A plain `{}` inherits from Object.prototype, so a model called `__proto__` assigned with
 * `o[name] = v` replaces the prototype instead of adding a key, and `o['constructor']`
 * finds a function for a model nobody wrote. Every such map is created without a
 * prototype, and the spec value itself is rebuilt that way right after loading, so a name
 * is just a string everywhere.
 */

/** An empty name → value map with no inherited keys. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A prototype-free copy of `entries` (an object's own keys or a list of pairs). */
export function toDict<T>(entries: Iterable<readonly [string, T]> | Readonly<Record<string, T>>): Record<string, T> {
  const out = dict<T>();
  const pairs = Symbol.iterator in (entries as object) ? (entries as Iterable<readonly [string, T]>) : Object.entries(entries as Record<string, T>);
  for (const [k, v] of pairs) setOwn(out, k, v);
  return out;
}

/** `o[key] = value` that always creates an own, enumerable key (also for `__proto__`). */
export function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

/** True when `key` is an own key of `o` (never an inherited method such as `toString`). */
export function hasOwn(o: object | undefined | null, key: string): boolean {
  return o !== undefined && o !== null && Object.prototype.hasOwnProperty.call(o, key);
}

/**
 * The loaded YAML value with every mapping rebuilt without a prototype (lists stay
 * arrays). Iterative, so a deeply nested document cannot overflow the stack here.
 */
export function nullPrototypeDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const copy = (v: object): object => (Array.isArray(v) ? v.slice() : toDict(Object.entries(v)));
  const root = copy(value);
  const stack: object[] = [root];
  while (stack.length) {
    const cur = stack.pop()! as Record<string, unknown>;
    for (const k of Object.keys(cur)) {
      const v = cur[k];
      if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
        const c = copy(v);
        if (Array.isArray(cur)) cur[Number(k)] = c;
        else setOwn(cur, k, c);
        stack.push(c);
      }
    }
  }
  return root;
}
