/**
 * Seed 001 against implementations not written here: the service's `$metadata` checked with
 * OASIS's CSDL XML schemas (edmx.xsd, edm.xsd from the `odata-csdl` package, validated by
 * libxml2 in xmllint-wasm) and parsed by `odata-csdl` in strict mode; and the `@odata/client`
 * OData v4 client driving the service on both backends: filtered, ordered queries followed page by
 * page, batch creation, invoices added, Export called.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { OData } from "@odata/client";
import { csdlDocument } from "../src/http/odata/model";
import { BACKENDS, type Backend } from "./support/backends";
import { accessToken, startTestService, type TestService } from "./support/service";

const require = createRequire(import.meta.url);
const csdlPackage = path.dirname(require.resolve("odata-csdl/package.json"));
const schema = (name: string) => ({ fileName: name, contents: readFileSync(path.join(csdlPackage, "schemas", name), "utf8") });
const { xml2json } = require("odata-csdl") as { xml2json: (xml: string, options: { strict: boolean }) => Record<string, Record<string, unknown>> };

const PAGE = 4;

describe("$metadata against OASIS's CSDL schemas", () => {
  it("is valid against edmx.xsd and edm.xsd", async () => {
    const result = await validateXML({ xml: [{ fileName: "metadata.xml", contents: csdlDocument() }], schema: [schema("edmx.xsd")], preload: [schema("edm.xsd")] });
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("the schemas do catch a broken document (the check is not vacuous)", async () => {
    const broken = csdlDocument().replace(`<PropertyRef Name="apBatchId"/>`, `<PropertyRef Nome="apBatchId"/>`);
    const result = await validateXML({ xml: [{ fileName: "metadata.xml", contents: broken }], schema: [schema("edmx.xsd")], preload: [schema("edm.xsd")] });
    expect(result.valid).toBe(false);
  });

  it("parses in odata-csdl's strict mode into CSDL JSON with both types, keys, navigation, bound actions and the container", () => {
    const json = xml2json(csdlDocument(), { strict: true });
    const ns = json.Batchport as Record<string, Record<string, unknown>>;
    expect(json.$EntityContainer).toBe("Batchport.Container");
    expect(ns.Batch?.$Key).toEqual(["apBatchId"]);
    expect(ns.Invoice?.$Key).toEqual(["apMatchedInvoiceId"]);
    expect(ns.Batch?.invoices).toEqual({ $Kind: "NavigationProperty", $Collection: true, $Type: "Batchport.Invoice" });
    expect(ns.Batch?.batchTotal).toMatchObject({ $Type: "Edm.Decimal" });
    expect(ns.Invoice?.invoiceDate).toMatchObject({ $Type: "Edm.DateTimeOffset", $Nullable: true });
    for (const action of ["Export", "SubmitToQueued"]) {
      expect(ns[action]).toEqual([{ $Kind: "Action", $IsBound: true, $Parameter: [{ $Name: "batch", $Type: "Batchport.Batch" }] }]);
    }
    expect(ns.Container).toMatchObject({
      $Kind: "EntityContainer",
      Batches: { $Collection: true, $Type: "Batchport.Batch", $NavigationPropertyBinding: { invoices: "Invoices" } },
      Invoices: { $Collection: true, $Type: "Batchport.Invoice" },
    });
    // Every seed property is declared, with its type.
    expect(Object.keys(ns.Invoice ?? {}).filter((k) => !k.startsWith("$"))).toHaveLength(58);
    expect(Object.keys(ns.Batch ?? {}).filter((k) => !k.startsWith("$"))).toHaveLength(15 + 1);
  });
});

describe.each(BACKENDS)("@odata/client drives the service on $name", (factory) => {
  let backend: Backend;
  let svc: TestService;

  beforeAll(async () => {
    backend = await factory.create();
    svc = await startTestService(backend, { BATCH_ODATA_PAGE_SIZE: String(PAGE) });
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  /** The client as an application configures it: the service root and OAuth client credentials. */
  const client = (commonHeaders: Record<string, string> = {}) =>
    OData.New4({
      serviceEndpoint: `${svc.baseUrl}/odata/`,
      credential: { tokenUrl: `${svc.baseUrl}/oauth/token`, clientId: svc.apiKey, clientSecret: svc.apiSecret },
      commonHeaders,
    });

  it("metadata, service document, queries with a filter and an order followed to the last page, a batch created, invoices added, Export called", async () => {
    const od = client({ Prefer: "return=representation" });
    const vendorNo = `OC-${process.pid}`;
    const invoices = od.getEntitySet<Record<string, unknown>>("Invoices");
    const created: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 10; i++) {
      created.push(await invoices.create({ vendorNo, invoiceNo: `OC-${String(i).padStart(2, "0")}`, invoiceValidationTotal: i + 0.5, vendorName: i % 2 === 0 ? "Even Ltd" : "Odd Inc" }));
    }
    expect(created.every((c) => typeof c.apMatchedInvoiceId === "string")).toBe(true);

    const root = `${svc.baseUrl}/odata/`;
    const document = (await od.newRequest({ collection: "" })) as { value: Array<{ name: string }> };
    expect(document.value.map((s) => s.name)).toEqual(["Batches", "Invoices"]);

    // A filter built by the client's filter builder, an order, and the pages followed by @odata.nextLink.
    const filter = od.newFilter().property("vendorNo").eqString(vendorNo).property("vendorName").eqString("Even Ltd");
    const options = od.newOptions().filter(filter).orderby("invoiceNo", "desc").count(true);
    let page = (await od.newRequest({ collection: "Invoices", params: options })) as { value: Array<Record<string, unknown>>; "@odata.count"?: number; "@odata.nextLink"?: string };
    expect(page["@odata.count"]).toBe(5);
    const seen = [...page.value];
    let pages = 1;
    while (page["@odata.nextLink"] !== undefined) {
      // The link is absolute; the client addresses resources relative to its service root.
      expect(page["@odata.nextLink"].startsWith(root)).toBe(true);
      page = (await od.newRequest({ collection: page["@odata.nextLink"].slice(root.length) })) as typeof page;
      seen.push(...page.value);
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(seen.map((r) => r.invoiceNo)).toEqual(["OC-08", "OC-06", "OC-04", "OC-02", "OC-00"]);
    expect(await invoices.count(od.newFilter().property("vendorNo").eqString(vendorNo))).toBe(10);
    const searched = (await od.newRequest({
      collection: "Invoices",
      params: od.newOptions().filter(od.newFilter().property("vendorNo").eqString(vendorNo)).search("odd inc", false).count(true),
    })) as { value: Array<Record<string, unknown>>; "@odata.count": number };
    expect(searched["@odata.count"]).toBe(5);
    expect(searched.value.every((r) => r.vendorName === "Odd Inc")).toBe(true);

    // A batch, created and read back by key.
    const batches = od.getEntitySet<Record<string, unknown>>("Batches");
    const batch = await batches.create({ batchNo: `OC-BATCH-${process.pid}`, reference: "from @odata/client" });
    expect(batch).toMatchObject({ batchNo: `OC-BATCH-${process.pid}`, batchStatus: "Open" });
    const id = batch.apBatchId as string;
    expect(await batches.retrieve(id)).toMatchObject({ apBatchId: id, reference: "from @odata/client" });
    expect(await batches.retrieve({ apBatchId: id })).toMatchObject({ apBatchId: id });

    // Invoices added through the navigation collection, then the bound action.
    const lines = od.getEntitySet(`Batches(${id})/Invoices`);
    for (const invoice of created.slice(0, 3)) await lines.create({ apMatchedInvoiceId: invoice.apMatchedInvoiceId });
    expect(await batches.retrieve(id)).toMatchObject({ invoiceCount: 3, batchTotal: 0.5 + 1.5 + 2.5 });
    await batches.action("Export", id);
    expect(await batches.retrieve(id)).toMatchObject({ batchStatus: "Exported", invoiceCount: 3 });
    const exported = await invoices.query(od.newOptions().filter(od.newFilter().property("apBatchId").eq(id)).orderby("invoiceNo", "asc"));
    expect(exported.map((r) => [r.invoiceNo, r.matchedInvoiceStatus])).toEqual([
      ["OC-00", "Exported"],
      ["OC-01", "Exported"],
      ["OC-02", "Exported"],
    ]);

    // A refusal reaches the client as its OData error, with the seed's message.
    await expect(batches.action("Export", id)).rejects.toThrow("Specified batch exists in the Exported status.");
    const empty = await batches.create({});
    await expect(batches.action("Batchport.Export", empty.apBatchId as string)).rejects.toThrow("This Batch cannot be exported because it does not contain any invoice.");
  });

  it("the plain client (no Prefer header) gets 204 on create, as the seed says, and finds the batch by its number", async () => {
    const od = client();
    const batches = od.getEntitySet<Record<string, unknown>>("Batches");
    const batchNo = `OC-PLAIN-${process.pid}`;
    await batches.create({ batchNo });
    const found = await batches.find({ batchNo });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ batchNo, batchStatus: "Open", invoiceCount: 0 });
    await batches.action("SubmitToQueued", found[0]!.apBatchId as string);
    await expect(batches.action("SubmitToQueued", found[0]!.apBatchId as string)).rejects.toThrow("Specified batch exists in the Queued status.");
    expect(await accessToken(svc, "ap")).toEqual(expect.any(String));
  });
});
