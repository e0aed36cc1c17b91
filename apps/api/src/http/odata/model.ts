/**
 * The OData model of seed 001, built from the core's property catalogues and entity Schemas so
 * that `$metadata`, the JSON writer and the query validation name the same properties with the
 * same types: entity sets `Batches` (type `Batch`) and `Invoices` (type `Invoice`), the
 * navigation `Batches` → `invoices`, and the bound actions `Export` and `SubmitToQueued`.
 */
import { SchemaAST, type Schema } from "effect";
import { ApBatchView, ApInvoice, apBatchCatalogue, apInvoiceCatalogue, type PropertyCatalogue, type PropertyType } from "@batch/core";

export const NAMESPACE = "Batchport";
export const CONTAINER = "Container";

export interface EntitySetModel {
  readonly name: string;
  readonly typeName: string;
  readonly catalogue: PropertyCatalogue;
  /** Properties in the seed's order, with whether they may be absent (null). */
  readonly properties: ReadonlyArray<{ readonly name: string; readonly type: PropertyType; readonly nullable: boolean }>;
}

const propertiesOf = (catalogue: PropertyCatalogue, schema: Schema.Schema.Any): EntitySetModel["properties"] => {
  const ast = schema.ast;
  const signatures = SchemaAST.isTypeLiteral(ast) ? ast.propertySignatures : [];
  const optional = new Map(signatures.map((s) => [String(s.name), s.isOptional]));
  return Object.entries(catalogue.properties).map(([name, type]) => ({
    name,
    type,
    nullable: name !== catalogue.key && optional.get(name) !== false,
  }));
};

export const BATCHES: EntitySetModel = {
  name: "Batches",
  typeName: "Batch",
  catalogue: apBatchCatalogue,
  properties: propertiesOf(apBatchCatalogue, ApBatchView),
};

export const INVOICES: EntitySetModel = {
  name: "Invoices",
  typeName: "Invoice",
  catalogue: apInvoiceCatalogue,
  properties: propertiesOf(apInvoiceCatalogue, ApInvoice),
};

export const ENTITY_SETS: ReadonlyArray<EntitySetModel> = [BATCHES, INVOICES];

/** The navigation property from a batch to its invoices. */
export const BATCH_INVOICES = "invoices";
export const BOUND_ACTIONS = ["Export", "SubmitToQueued"] as const;

const EDM_TYPES: Readonly<Record<PropertyType, string>> = {
  string: `Type="Edm.String"`,
  guid: `Type="Edm.Guid"`,
  integer: `Type="Edm.Int32"`,
  // Money is exact: a decimal of any scale (Power BI reads it as a fixed decimal number).
  decimal: `Type="Edm.Decimal" Scale="variable"`,
  boolean: `Type="Edm.Boolean"`,
  "date-time": `Type="Edm.DateTimeOffset" Precision="3"`,
};

const entityType = (set: EntitySetModel, navigation: string): string =>
  [
    `      <EntityType Name="${set.typeName}">`,
    `        <Key><PropertyRef Name="${set.catalogue.key}"/></Key>`,
    ...set.properties.map((p) => `        <Property Name="${p.name}" ${EDM_TYPES[p.type]}${p.nullable ? "" : ` Nullable="false"`}/>`),
    ...(navigation === "" ? [] : [navigation]),
    `      </EntityType>`,
  ].join("\n");

/** `$metadata`: CSDL XML 4.0, valid against OASIS's edmx.xsd and edm.xsd. */
export const csdlDocument = (): string =>
  [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">`,
    `  <edmx:DataServices>`,
    `    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="${NAMESPACE}">`,
    entityType(BATCHES, `        <NavigationProperty Name="${BATCH_INVOICES}" Type="Collection(${NAMESPACE}.${INVOICES.typeName})"/>`),
    entityType(INVOICES, ""),
    ...BOUND_ACTIONS.map((action) =>
      [
        `      <Action Name="${action}" IsBound="true">`,
        `        <Parameter Name="batch" Type="${NAMESPACE}.${BATCHES.typeName}" Nullable="false"/>`,
        `      </Action>`,
      ].join("\n"),
    ),
    `      <EntityContainer Name="${CONTAINER}">`,
    `        <EntitySet Name="${BATCHES.name}" EntityType="${NAMESPACE}.${BATCHES.typeName}">`,
    `          <NavigationPropertyBinding Path="${BATCH_INVOICES}" Target="${INVOICES.name}"/>`,
    `        </EntitySet>`,
    `        <EntitySet Name="${INVOICES.name}" EntityType="${NAMESPACE}.${INVOICES.typeName}"/>`,
    `      </EntityContainer>`,
    `    </Schema>`,
    `  </edmx:DataServices>`,
    `</edmx:Edmx>`,
    ``,
  ].join("\n");

/** The service document: every entity set, with its URL relative to the service root. */
export const serviceDocument = (serviceRoot: string) => ({
  "@odata.context": `${serviceRoot}/$metadata`,
  value: ENTITY_SETS.map((set) => ({ name: set.name, kind: "EntitySet", url: set.name })),
});

/**
 * An entity as OData JSON: every property of the model in the seed's order, `null` where absent
 * (clients such as Power Query infer columns from them), only the `select`ed ones (and the key)
 * when a `$select` is given.
 */
export const entityJson = (set: EntitySetModel, encoded: Readonly<Record<string, unknown>>, select?: ReadonlySet<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const { name } of set.properties) {
    if (select !== undefined && !select.has(name) && name !== set.catalogue.key) continue;
    out[name] = encoded[name] ?? null;
  }
  return out;
};

/** `(batchNo,reference)` for a context URL when a `$select` is given; the key always comes first. */
export const selectClause = (set: EntitySetModel, select?: ReadonlySet<string>): string =>
  select === undefined ? "" : `(${set.properties.filter((p) => p.name === set.catalogue.key || select.has(p.name)).map((p) => p.name).join(",")})`;
