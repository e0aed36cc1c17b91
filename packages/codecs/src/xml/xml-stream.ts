/**
 * Streaming XML in bounded memory: saxes reads the document as it arrives and only the elements a
 * reader asks for are built into trees, one record at a time. A reader selects, among the
 * elements outside any record, the records (built, handed over when they close, then dropped)
 * and the contexts (built without the records inside them and kept while open, such as a pain.001
 * PmtInf whose debtor applies to each of its transactions).
 *
 * Safety: a DOCTYPE or ENTITY declaration in the prolog is refused before the parser sees it
 * (entity expansion, external entities); nesting deeper than `maxDepth`, a kept element larger
 * than `maxRecordBytes`, and anything the parser would buffer for longer than that (a huge text
 * node or comment) are refused as they happen.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { PayloadMalformed } from "@batch/core";
import { describeBytes, type DecodeLimits } from "../decode-limits";
import { setOwnField } from "../own-field";
import { utf8Payload } from "../payload-bytes";
import type { RawRecord } from "../raw-record";
import { localName, type XmlElement } from "./xml-element";

export type Capture = "record" | "context";

export interface XmlRecordReader {
  /**
   * For an element outside any record: whether to build it as a record or a context. `path` holds
   * the local names from the root to the element; `namespace` is the namespace the element itself
   * declares for its prefix, if it does. Throws PayloadMalformed for a document of the wrong kind
   * (an unexpected root or namespace).
   */
  readonly select: (path: ReadonlyArray<string>, namespace: string | undefined) => Capture | undefined;
  /** A record or context has opened; a context's element fills in as its children close. */
  readonly opened?: (element: XmlElement, capture: Capture, location: string) => void;
  readonly closed: (element: XmlElement, capture: Capture, location: string) => void;
  /** The records completed since the last call. */
  readonly take: () => ReadonlyArray<RawRecord>;
}

/** An element outside any record (a record itself included). */
interface Frame {
  readonly element: XmlElement | undefined;
  readonly capture: Capture | undefined;
  /** "/Document/CstmrCdtTrfInitn/PmtInf[1]". */
  readonly location: string;
  childCounts: Map<string, number> | undefined;
  /** Size of the kept tree this element belongs to. */
  readonly kept: { bytes: number; readonly location: string } | undefined;
}

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

const attributesOf = (tag: SaxesTagPlain): Readonly<Record<string, string>> => {
  let attributes: Record<string, string> | undefined;
  for (const name in tag.attributes) {
    if (name === "xmlns" || name.startsWith("xmlns:")) continue;
    setOwnField((attributes ??= {}), localName(name), tag.attributes[name]);
  }
  return attributes ?? NO_ATTRIBUTES;
};

const declaredNamespace = (tag: SaxesTagPlain): string | undefined => {
  const colon = tag.name.indexOf(":");
  return tag.attributes[colon === -1 ? "xmlns" : `xmlns:${tag.name.slice(0, colon)}`];
};

const FORBIDDEN_DECLARATIONS = ["<!DOCTYPE", "<!ENTITY"] as const;

export async function* xmlRecords(
  bytes: AsyncIterable<Uint8Array>,
  reader: XmlRecordReader,
  limits: DecodeLimits,
): AsyncGenerator<ReadonlyArray<RawRecord>, void, undefined> {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const frames: Frame[] = [];
  const names: string[] = [];
  let events = 0;
  let rootOpened = false;

  const where = (): string => `line ${parser.line}, column ${parser.column + 1}`;
  const refuse = (message: string): PayloadMalformed => new PayloadMalformed({ message, position: where() });
  const grow = (kept: Frame["kept"], bytes: number): void => {
    if (kept === undefined) return;
    kept.bytes += bytes;
    if (kept.bytes > limits.maxRecordBytes) {
      throw refuse(`the element ${kept.location} is larger than the limit of ${describeBytes(limits.maxRecordBytes)}`);
    }
  };

  // Elements inside the record being read: the record first, then its open descendants. They
  // need no Frame (no location, nothing selected in them), which keeps the hot path light.
  const inRecord: XmlElement[] = [];
  let recordKept: Frame["kept"];

  parser.on("opentag", (tag) => {
    events += 1;
    rootOpened = true;
    if (frames.length + Math.max(inRecord.length - 1, 0) >= limits.maxDepth) {
      throw refuse(`the XML payload nests deeper than ${limits.maxDepth} elements`);
    }
    const name = localName(tag.name);
    const attributes = attributesOf(tag);
    const holder = inRecord[inRecord.length - 1];
    if (holder !== undefined) {
      const element: XmlElement = { name, attributes, children: [], text: "" };
      holder.children.push(element);
      grow(recordKept, name.length + 16);
      inRecord.push(element);
      return;
    }
    const parent = frames[frames.length - 1];
    names.push(name);
    let location = `/${name}`;
    if (parent?.location !== undefined) {
      const counts = (parent.childCounts ??= new Map());
      const index = (counts.get(name) ?? 0) + 1;
      counts.set(name, index);
      location = `${parent.location}/${name}[${index}]`;
    }
    const capture = reader.select(names, declaredNamespace(tag));
    if (capture !== undefined) {
      const element: XmlElement = { name, attributes, children: [], text: "" };
      const kept = { bytes: 0, location };
      frames.push({ element, capture, location, childCounts: undefined, kept });
      if (capture === "record") {
        inRecord.push(element);
        recordKept = kept;
      }
      reader.opened?.(element, capture, location);
    } else if (parent?.element !== undefined) {
      const element: XmlElement = { name, attributes, children: [], text: "" };
      parent.element.children.push(element);
      grow(parent.kept, name.length + 16);
      frames.push({ element, capture: undefined, location, childCounts: undefined, kept: parent.kept });
    } else {
      frames.push({ element: undefined, capture: undefined, location, childCounts: undefined, kept: undefined });
    }
  });
  const onText = (text: string): void => {
    events += 1;
    const inside = inRecord[inRecord.length - 1];
    if (inside !== undefined) {
      inside.text += text;
      grow(recordKept, text.length);
      return;
    }
    const frame = frames[frames.length - 1];
    if (frame?.element !== undefined) {
      frame.element.text += text;
      grow(frame.kept, text.length);
    }
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    events += 1;
    if (inRecord.length > 1) {
      inRecord.pop();
      return;
    }
    inRecord.pop();
    const frame = frames.pop();
    names.pop();
    if (frame?.capture !== undefined && frame.element !== undefined && frame.location !== undefined) {
      reader.closed(frame.element, frame.capture, frame.location);
    }
  });
  parser.on("doctype", () => {
    throw refuse("the XML payload has a DOCTYPE declaration; DTDs and entity declarations are refused");
  });
  // No error handler: saxes then throws its error from write() and close(), and the loop below maps
  // it. (Every handler is a property saxes adds to itself; with too many of them V8 turns the
  // parser into a slow dictionary object and parsing runs four times slower.)
  const notWellFormed = (error: unknown): PayloadMalformed =>
    error instanceof PayloadMalformed
      ? error
      : refuse(`the payload is not well-formed XML: ${(error as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /, "")}`);

  /** Refuses a DOCTYPE or ENTITY declaration before the root element, without parsing it. */
  const writeGuarded = (text: string, carry: string): void => {
    if (rootOpened) {
      parser.write(text);
      return;
    }
    const window = carry + text;
    const found = FORBIDDEN_DECLARATIONS.map((d) => window.indexOf(d)).filter((i) => i !== -1);
    if (found.length === 0) {
      parser.write(text);
      return;
    }
    const at = Math.min(...found) - carry.length;
    if (at > 0) parser.write(text.slice(0, at));
    if (!rootOpened) {
      throw new PayloadMalformed({
        message: "the XML payload has a DOCTYPE or ENTITY declaration; DTDs and entity declarations are refused",
        position: where(),
      });
    }
    parser.write(text.slice(Math.max(at, 0)));
  };

  const decoder = new TextDecoder();
  let carry = "";
  let idle = 0;
  const write = (text: string): void => {
    const before = events;
    writeGuarded(text, carry);
    carry = (carry + text).slice(-16);
    idle = events === before ? idle + text.length : 0;
    // Comments and processing instructions raise no event here, so a run of them this long is
    // refused too.
    if (idle > limits.maxRecordBytes) {
      throw refuse(`the XML payload has more than ${describeBytes(limits.maxRecordBytes)} without an element or text (a huge text, comment or tag)`);
    }
  };

  for await (const chunk of utf8Payload(bytes)) {
    try {
      write(decoder.decode(chunk, { stream: true }));
    } catch (error) {
      throw notWellFormed(error);
    }
    const batch = reader.take();
    if (batch.length > 0) yield batch;
  }
  try {
    write(decoder.decode());
    parser.close();
  } catch (error) {
    throw notWellFormed(error);
  }
  const batch = reader.take();
  if (batch.length > 0) yield batch;
}
