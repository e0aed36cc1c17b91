/**
 * Formats plug in like storage does: the core asks for records out of bytes and bytes out of
 * records; `@batch/codecs` implements these ports.
 */
import { Data, type Effect, type Schema } from "effect";
import type { Decimal } from "../money/decimal";
import type { FieldError, Instant } from "../kernel";

export const PayloadFormats = ["JSON", "CSV", "XML", "ISO"] as const;
export type PayloadFormat = (typeof PayloadFormats)[number];

/** ISO 20022 messages read as records (DOMAIN.md: pain.001 payment requests, pain.002 statuses, camt.053 entries). */
export type IsoMessage = "pain.001" | "pain.002" | "camt.053";

export type DecodedItem<A> =
  | {
      readonly _tag: "Valid";
      /** 1-based number of the record in the payload. */
      readonly itemNumber: number;
      /** Where it was read: "item 3", "line 4", "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]". */
      readonly position: string;
      readonly record: A;
      /** The fields as read, before decoding (for result files that repeat every input row). */
      readonly raw: Readonly<Record<string, unknown>>;
    }
  | {
      readonly _tag: "Invalid";
      readonly itemNumber: number;
      readonly position: string;
      readonly errors: ReadonlyArray<FieldError>;
      readonly raw: Readonly<Record<string, unknown>>;
    };

/** The payload as a whole cannot be read (truncated JSON, unclosed XML, binary, a DOCTYPE, ...). */
export class PayloadMalformed extends Data.TaggedError("Payload.Malformed")<{
  readonly message: string;
  /** Where reading stopped, when known ("line 12", "byte 4096"). */
  readonly position?: string;
}> {}

export interface DecodeRequest<A, I> {
  readonly format: PayloadFormat;
  /** Decodes one record; its failures become the item's field errors. */
  readonly schema: Schema.Schema<A, I>;
  readonly bytes: AsyncIterable<Uint8Array>;
  /** For `ISO`: the message whose entries are the records. */
  readonly isoMessage?: IsoMessage;
}

export interface RecordDecoder {
  /**
   * Streams the payload's records, each valid or failed with its position and field errors, in
   * bounded memory. Iteration rejects with PayloadMalformed when the payload itself cannot be read.
   */
  readonly decode: <A, I>(request: DecodeRequest<A, I>) => AsyncIterable<DecodedItem<A>>;
  /**
   * The same items as `decode`, in arrays as they were read: for consumers that work in chunks
   * (applying records one transaction per chunk) and want no await per item.
   */
  readonly decodeBatches: <A, I>(request: DecodeRequest<A, I>) => AsyncIterable<ReadonlyArray<DecodedItem<A>>>;
}

/** Items in arrays of at most `size`. */
export async function* inBatches<A>(items: AsyncIterable<A>, size: number): AsyncGenerator<ReadonlyArray<A>, void, undefined> {
  let batch: Array<A> = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export interface EncodeRequest<A, I> {
  readonly format: Exclude<PayloadFormat, "ISO">;
  readonly schema: Schema.Schema<A, I>;
  readonly records: AsyncIterable<A> | Iterable<A>;
  /** XML root and record element names. */
  readonly xml?: { readonly root: string; readonly record: string };
}

export interface RecordEncoder {
  /** The records as a payload that `RecordDecoder` reads back to the same records. */
  readonly encode: <A, I>(request: EncodeRequest<A, I>) => AsyncIterable<Uint8Array>;
}

/** One row of a result file: the input row as read, plus its outcome. */
export interface ResultRow {
  readonly raw: Readonly<Record<string, unknown>>;
  readonly status: "Success" | "Failed";
  readonly errorMessage: string;
}

export interface ResultFileWriter {
  /**
   * CSV of every input row plus `status` and `errorMessage` columns, neutralised against formula
   * injection while plain numbers stay numbers.
   */
  readonly write: (columns: ReadonlyArray<string>, rows: AsyncIterable<ResultRow> | Iterable<ResultRow>) => AsyncIterable<Uint8Array>;
}

export const PaymentFileVersions = ["pain.001.001.09", "pain.001.001.03"] as const;
export type PaymentFileVersion = (typeof PaymentFileVersions)[number];

export interface PostalAddress {
  readonly country: string;
  readonly townName: string;
  readonly streetName?: string;
  readonly buildingNumber?: string;
  readonly postCode?: string;
}

/** What a SEPA credit transfer file holds, independent of the aggregate that produced it. */
export interface CreditTransferInitiation {
  readonly messageId: string;
  readonly createdAt: Instant;
  readonly initiatingPartyName: string;
  readonly paymentInformationId: string;
  /** YYYY-MM-DD */
  readonly requestedExecutionDate: string;
  readonly debtor: {
    readonly name: string;
    readonly iban: string;
    readonly bic?: string;
    readonly address: PostalAddress;
  };
  readonly transactions: ReadonlyArray<{
    readonly endToEndId: string;
    readonly amount: Decimal;
    readonly currency: string;
    readonly creditorName: string;
    readonly creditorIban: string;
    readonly creditorBic?: string;
    readonly remittanceInformation?: string;
  }>;
}

export class PaymentFileInvalid extends Data.TaggedError("PaymentFile.Invalid")<{ readonly message: string }> {}

export interface PaymentFileWriter {
  /** The pain.001 XML document. Fails with PaymentFileInvalid when the content cannot form a valid file. */
  readonly write: (file: CreditTransferInitiation, version: PaymentFileVersion) => Effect.Effect<string, PaymentFileInvalid>;
}

/** A payment batch and its lines as printed. */
export interface PaymentBatchPrintout {
  readonly title: string;
  readonly fields: ReadonlyArray<readonly [label: string, value: string]>;
  readonly lines: ReadonlyArray<{
    readonly party: string;
    readonly sourceDoc?: string;
    readonly iban?: string;
    readonly swift?: string;
    readonly status: string;
    readonly amount: string;
    readonly currency: string;
  }>;
  readonly total: string;
  readonly printedAt: Instant;
  /** printOriginal prints the first values of corrected lines (originalIBAN, ...). */
  readonly original: boolean;
}

export class PrintTemplateUnknown extends Data.TaggedError("Print.TemplateUnknown")<{ readonly template: string; readonly known: ReadonlyArray<string> }> {
  override get message() {
    return `unknown template "${this.template}"; known templates: ${this.known.join(", ")}`;
  }
}

export interface PdfRenderer {
  readonly templates: ReadonlyArray<string>;
  /** A PDF of the printout. Fails with PrintTemplateUnknown. */
  readonly render: (printout: PaymentBatchPrintout, template?: string) => Effect.Effect<AsyncIterable<Uint8Array>, PrintTemplateUnknown>;
}

/** A decoder that reads item by item, with `decodeBatches` giving its items in arrays of 100. */
export const withDecodeBatches = (decoder: Pick<RecordDecoder, "decode">): RecordDecoder => ({
  decode: decoder.decode,
  decodeBatches: (request) => inBatches(decoder.decode(request), 100),
});
