/**
 * What the ISO 20022 readers share: checking that the document is the expected message (root
 * `Document` in the message's namespace, any version of it), and the record shape they produce.
 */
import { PayloadMalformed, type IsoMessage } from "@batch/core";
import type { RawRecord } from "../raw-record";

const NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:";

/** The message element under `Document` for each message. */
export const MESSAGE_ELEMENT: Readonly<Record<IsoMessage, string>> = {
  "pain.001": "CstmrCdtTrfInitn",
  "pain.002": "CstmrPmtStsRpt",
  "camt.053": "BkToCstmrStmt",
};

/**
 * Checks the first two levels of the document: throws PayloadMalformed unless the root is
 * `Document` in a namespace of `message` and its child is the message element.
 */
export const checkDocumentLevel = (
  message: IsoMessage,
  path: ReadonlyArray<string>,
  namespace: string | undefined,
): void => {
  if (path.length === 1) {
    const expected = `${NAMESPACE_PREFIX}${message}.`;
    if (path[0] !== "Document" || namespace === undefined || !namespace.startsWith(expected)) {
      throw new PayloadMalformed({
        message: `expected an ISO 20022 ${message} document (root Document in namespace ${expected}*), got root ${path[0]} in namespace ${namespace ?? "(none)"}`,
        position: "root element",
      });
    }
  } else if (path.length === 2 && path[1] !== MESSAGE_ELEMENT[message]) {
    throw new PayloadMalformed({
      message: `expected ${MESSAGE_ELEMENT[message]} in a ${message} document, got ${path[1]}`,
      position: `/Document/${path[1]}`,
    });
  }
};

/** Builds a record from the fields that have a value ("Empty is absent"). */
export const isoRecord = (position: string, fields: Readonly<Record<string, string | undefined>>): RawRecord => {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) present[name] = value;
  return { position, input: present, raw: present };
};

/** The ISO placeholder for a reference the originator did not give. */
export const givenReference = (reference: string | undefined): string | undefined =>
  reference === undefined || reference === "NOTPROVIDED" ? undefined : reference;

/** The date part of an ISODate or ISODateTime ("2010-10-18T13:15:00+01:00" is 2010-10-18). */
export const datePart = (value: string | undefined): string | undefined => value?.slice(0, 10);
