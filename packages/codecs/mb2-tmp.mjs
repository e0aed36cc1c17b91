import { payloadRecordSchemas, makeSchemaDecoder } from "@batch/core";
const inv = payloadRecordSchemas.INVOICE.schema;
const dec = makeSchemaDecoder(inv);
const rec = { vendorNo: "V-000001", invoiceNo: "INV-000000001", invoiceDate: "2026-03-02", invoiceDueDate: "2026-04-02", invoiceValidationTotal: "2.01", taxAmount: "1.50", reference: "PO 1" };
for (let i = 0; i < 300000; i++) dec({ ...rec });
