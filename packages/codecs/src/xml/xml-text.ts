/** Writing XML text safely: escaping, and the characters XML 1.0 cannot carry at all. */

// Characters outside the XML 1.0 Char production (C0 controls other than tab, LF, CR; lone
// surrogates; U+FFFE and U+FFFF) cannot be written even as character references.
// With the u flag a surrogate range matches only surrogates that are not part of a pair.
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;
const NEEDS_ESCAPE = /[&<>"\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;" };

/**
 * Text for element content or a double-quoted attribute. A carriage return is written as a
 * character reference because parsers turn a literal one into a line feed; characters XML
 * cannot carry become U+FFFD.
 */
export const escapeXml = (text: string): string =>
  text.replace(NOT_XML_CHAR, "\uFFFD").replace(NEEDS_ESCAPE, (c) => ESCAPES[c] ?? c);

const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** Element names this codec writes: ASCII XML names without a prefix (and not starting with "xml"). */
export const isXmlName = (name: string): boolean => XML_NAME.test(name) && !/^xml/i.test(name);
