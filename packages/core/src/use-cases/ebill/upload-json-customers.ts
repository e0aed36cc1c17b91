/** Seed 002 `POST /jsonApi/upload/customers`: customers as a JSON array (see json-upload.ts). */
import { makeJsonUpload } from "./json-upload";

export const makeUploadJsonCustomers = makeJsonUpload("Customer");
