/**
 * @batch/codecs: the format adapters of the codec ports in @batch/core. Streaming decoders for
 * JSON, NDJSON, CSV, XML and ISO 20022 (pain.001, pain.002, camt.053) in bounded memory; encoders
 * for outbound payloads and result files; SEPA credit transfer files (pain.001.001.09 and .03);
 * PDF printouts of payment batches.
 */
export { makeRecordDecoder } from "./record-decoder";
export { makeRecordEncoder, RecordNotEncodable } from "./record-encoder";
export { makeResultFileWriter } from "./result-file-writer";
export { makePaymentFileWriter } from "./payment-file/pain001-payment-file-writer";
export { makePdfRenderer } from "./pdf/pdfkit-pdf-renderer";
export { defaultDecodeLimits, type DecodeLimits } from "./decode-limits";
export { neutraliseFormula } from "./spreadsheet-cell";
export { toSepaText } from "./payment-file/sepa-text";
export { fieldNamesOf } from "./schema-fields";
