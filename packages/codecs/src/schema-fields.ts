/**
 * The field names a record schema reads, taken from its encoded side: what a CSV header or an
 * XML record must call its columns. Unions contribute the names of every member, in order.
 */
import { Schema, type SchemaAST } from "effect";

export const fieldNamesOf = <A, I>(schema: Schema.Schema<A, I>): ReadonlyArray<string> => {
  const names: string[] = [];
  const seen = new Set<SchemaAST.AST>();
  const visit = (ast: SchemaAST.AST): void => {
    if (seen.has(ast)) return;
    seen.add(ast);
    switch (ast._tag) {
      case "TypeLiteral":
        for (const property of ast.propertySignatures) {
          if (typeof property.name === "string" && !names.includes(property.name)) names.push(property.name);
        }
        return;
      case "Union":
        ast.types.forEach(visit);
        return;
      case "Refinement":
      case "Transformation":
        visit(ast.from);
        return;
      case "Suspend":
        visit(ast.f());
        return;
      default:
        return;
    }
  };
  visit(Schema.encodedSchema(schema).ast);
  return names;
};
