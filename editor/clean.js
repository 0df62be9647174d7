/**
 * Record data as the portal's files hold it, applied to every entry the editor saves:
 *
 * - a boolean that is false is left out: the schemas use booleans only as "true when ...; leave
 *   it out otherwise" (`example`, a term's `chair`, which a member who is not an expert must not
 *   have at all), and the editor's check box writes false when it is not ticked;
 * - a file that the editor has just uploaded is written `folder/name.ext` (relative to
 *   data/files/, as the schema's `file` wants), not `/folder/name.ext` (the editor's public path).
 *
 * Everything else is left as the form made it (empty optional fields are already left out by
 * the configuration's `omit_empty_optional_fields`).
 */
const UPLOADED_FILE = /^\/([a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:[-.][a-z0-9]+)*\.(?:pdf|png|jpg|jpeg|webp))$/;

/**
 * @param {any} value Record data (plain objects, arrays, scalars).
 * @returns {any} The same data, cleaned.
 */
export const clean = (value) => {
  if (Array.isArray(value)) {
    return value.map(clean);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== false)
        .map(([key, item]) => [key, clean(item)]),
    );
  }
  if (typeof value === 'string') {
    const match = UPLOADED_FILE.exec(value);
    return match ? match[1] : value;
  }
  return value;
};
