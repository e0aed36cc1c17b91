/** A small element tree, built only for the parts of a document that are kept (one record at a time). */
export interface XmlElement {
  /** Local name, without namespace prefix. */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

export const localName = (qualified: string): string => {
  const colon = qualified.indexOf(":");
  return colon === -1 ? qualified : qualified.slice(colon + 1);
};

/** The first element at the end of a path of child names, if there is one. */
export const elementAt = (element: XmlElement | undefined, ...path: ReadonlyArray<string>): XmlElement | undefined => {
  let current = element;
  for (const name of path) {
    if (current === undefined) return undefined;
    current = current.children.find((child) => child.name === name);
  }
  return current;
};

const trimmed = (text: string | undefined): string | undefined => {
  const value = text?.trim();
  return value === undefined || value === "" ? undefined : value;
};

/** The trimmed text of the element at `path`; undefined when it is missing or empty ("Empty is absent"). */
export const textAt = (element: XmlElement | undefined, ...path: ReadonlyArray<string>): string | undefined => {
  const found = elementAt(element, ...path);
  return found === undefined || found.children.length > 0 ? undefined : trimmed(found.text);
};

/** The texts of every element named by the last step of `path` under the first match of the others. */
export const textsAt = (element: XmlElement | undefined, ...path: ReadonlyArray<string>): ReadonlyArray<string> => {
  const last = path[path.length - 1];
  const parent = elementAt(element, ...path.slice(0, -1));
  if (parent === undefined || last === undefined) return [];
  return parent.children.flatMap((child) => {
    const text = child.name === last && child.children.length === 0 ? trimmed(child.text) : undefined;
    return text === undefined ? [] : [text];
  });
};

export const attributeAt = (
  element: XmlElement | undefined,
  attribute: string,
  ...path: ReadonlyArray<string>
): string | undefined => trimmed(elementAt(element, ...path)?.attributes[attribute]);
