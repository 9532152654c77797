/**
 * Names that become file names (tables → tables/<name>.tex, figures → figures/<name>.svg,
 * models → named in report pages): one rule, used by the schema (for editors), by `check`
 * (with the name's position) and at write time (render/safe-path.ts).
 *
 * Allowed: Unicode letters and digits, `_`, `-`, and `.` anywhere but first; at most 100
 * characters; not a Windows device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or
 * without an extension, any case), because a replication package is opened on Windows too.
 * Everything else — path separators, `..`, control characters, spaces — is refused: a table
 * named `../../x` would otherwise write outside the output folder.
 */

export const NAME_MAX = 100;

/** The rule as a JSON-Schema pattern (ECMAScript with the `u` flag, as ajv and editors use). */
export const FILE_NAME_PATTERN =
  '^(?!.*\\.\\.)(?![Cc][Oo][Nn](?:\\.|$)|[Pp][Rr][Nn](?:\\.|$)|[Aa][Uu][Xx](?:\\.|$)|[Nn][Uu][Ll](?:\\.|$)|[Cc][Oo][Mm][1-9](?:\\.|$)|[Ll][Pp][Tt][1-9](?:\\.|$))[\\p{L}\\p{N}_-][\\p{L}\\p{N}\\p{M}_.-]*$';

const FIRST = /^[\p{L}\p{N}_-]/u;
const REST = /^[\p{L}\p{N}\p{M}_.-]*$/u;
const DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

/** Why `name` cannot be a file name, or undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if ([...name].length > NAME_MAX) return `it is longer than ${NAME_MAX} characters`;
  if (/[\\/]/.test(name)) return 'it contains a path separator (/ or \\)';
  if (name.includes('..')) return "it contains '..'";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'it contains a control character';
  if (name.startsWith('.')) return "it starts with '.'";
  if (!FIRST.test(name) || !REST.test(name.slice(1))) {
    const bad = [...name].find((c) => !/^[\p{L}\p{N}\p{M}_.-]$/u.test(c)) ?? name[0]!;
    return `it contains '${bad}' (only letters, digits, _, - and . are allowed)`;
  }
  if (DEVICE.test(name)) return 'it is a reserved device name on Windows';
  return undefined;
}
