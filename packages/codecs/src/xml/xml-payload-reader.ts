/**
 * The XML payload format (DOMAIN.md): any root element; each child of the root is one record and
 * its child elements are the fields. An empty element is an absent field ("Empty is absent"). A
 * field with child elements becomes a nested object, a repeated field a list; attributes of the
 * record element are fields too (child elements win), attributes of field elements are ignored.
 * Text is kept exactly as written: the schema decides about whitespace.
 */
import { hasOwnField, setOwnField } from "../own-field";
import type { RawRecord } from "../raw-record";
import type { XmlElement } from "./xml-element";
import type { XmlRecordReader } from "./xml-stream";

const valueOf = (element: XmlElement): unknown => {
  if (element.children.length === 0) return element.text === "" ? undefined : element.text;
  const fields = fieldsOf(element, false);
  return Object.keys(fields).length === 0 ? undefined : fields;
};

const fieldsOf = (element: XmlElement, withAttributes: boolean): Record<string, unknown> => {
  const fields: Record<string, unknown> = {};
  let repeated: Set<string> | undefined;
  for (const child of element.children) {
    const value = valueOf(child);
    if (value === undefined) continue;
    const name = child.name;
    if (!hasOwnField(fields, name)) setOwnField(fields, name, value);
    else if (repeated?.has(name) === true) (fields[name] as unknown[]).push(value);
    else {
      setOwnField(fields, name, [fields[name], value]);
      (repeated ??= new Set()).add(name);
    }
  }
  if (withAttributes) {
    for (const [name, value] of Object.entries(element.attributes)) {
      if (value !== "" && !hasOwnField(fields, name)) setOwnField(fields, name, value);
    }
  }
  return fields;
};

export const xmlPayloadReader = (): XmlRecordReader => {
  let records: RawRecord[] = [];
  return {
    select: (path) => (path.length === 2 ? "record" : undefined),
    closed: (element, _capture, location) => {
      const fields = fieldsOf(element, true);
      records.push({ position: location, input: fields, raw: fields });
    },
    take: () => {
      const taken = records;
      records = [];
      return taken;
    },
  };
};
