/** Seed 002 `POST /jsonApi/upload/invoices`: receivable documents as a JSON array (see json-upload.ts). */
import { makeJsonUpload } from "./json-upload";

export const makeUploadJsonInvoices = makeJsonUpload("Invoice");
