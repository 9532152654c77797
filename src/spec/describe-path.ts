/** Human wording of a spec path, so messages name the user's own models and tables. */

const SECTION_NOUN: Record<string, string> = {
  data: 'data table',
  models: 'model',
  tables: 'table',
  figures: 'figure',
  variables: 'variable',
  samples: 'sample',
  terms: 'term list',
};

/** ['models','m1','vcov'] → "'vcov' of model 'm1'"; used in messages so users see their names. */
export function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the spec';
  const [section, name, ...rest] = path;
  const noun = Object.prototype.hasOwnProperty.call(SECTION_NOUN, String(section)) ? SECTION_NOUN[String(section)] : undefined;
  if (path.length === 1) return `'${String(section)}'`;
  const owner = noun ? `${noun} '${String(name)}'` : `'${String(section)}.${String(name)}'`;
  if (rest.length === 0) return owner;
  const field = rest.map((r) => (typeof r === 'number' ? `[${r}]` : r)).join('.').replace(/\.\[/g, '[');
  return `'${field}' of ${owner}`;
}
