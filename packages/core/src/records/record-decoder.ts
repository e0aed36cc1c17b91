/**
 * A decoder for record schemas that is several times faster than effect's `decodeUnknownEither` on
 * records that decode, and gives exactly the same results.
 *
 * Payloads hold hundreds of thousands of records, and effect's generic parser spends more time per
 * record than parsing the CSV or JSON does: every property signature, transformation and
 * refinement goes through Either combinators, error-mapping closures and option merging, even when
 * nothing fails. Records nearly always decode, so this decoder walks the schema's AST once and
 * composes plain functions that call the schema's own decode functions and filters directly. The
 * first thing on that path that does not succeed synchronously (a failed field, a filter that
 * answers an issue, an effectful transformation) abandons it and the record is decoded again by
 * effect's parser, which reports every issue the way it always does. So the schema stays the single
 * definition, failures read the same, and a record that decodes has the value effect would give it:
 * the same fields, in the same order.
 *
 * AST nodes the fast path does not interpret itself (unions, suspensions, tuples, index signatures,
 * declarations with type parameters, nodes whose annotations change how they parse) are decoded by
 * effect's parser for that node alone, inside the fast path.
 */
import { Either, Option, ParseResult, Schema, SchemaAST } from "effect";

/** What a step answers when the fast path cannot decide. */
const MISS: unique symbol = Symbol("record-decoder/miss");
type Step = (input: unknown) => unknown;

/** The options effect passes to transformations and filters when decoding records. */
const OPTIONS: SchemaAST.ParseOptions = { errors: "all" };

const hasOwn = (o: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, key);

const isRecord = (u: unknown): u is Record<PropertyKey, unknown> => typeof u === "object" && u !== null && !Array.isArray(u);

/** The value of a synchronous success, or MISS. */
const valueOf = (result: unknown): unknown =>
  Either.isEither(result) && Either.isRight(result) ? result.right : MISS;

/** The node decoded by effect's own parser (its success value, or MISS). */
const delegated = (ast: SchemaAST.AST): Step => {
  const decode = ParseResult.decodeUnknownEither(Schema.make(ast));
  return (input) => {
    const result = decode(input);
    return Either.isRight(result) ? result.right : MISS;
  };
};

/** A guard on the input, which passes it on unchanged. */
const guard =
  (is: (u: unknown) => boolean): Step =>
  (input) =>
    is(input) ? input : MISS;

/**
 * Parse options that change what a successful decode gives (`exact`, `onExcessProperty`,
 * `propertyOrder`): a node annotated with them is left to effect. `errors` only shapes failures.
 */
const changesSuccess = (ast: SchemaAST.AST): boolean =>
  Option.match(SchemaAST.getParseOptionsAnnotation(ast), {
    onNone: () => false,
    onSome: (options) => Object.keys(options).some((key) => key !== "errors"),
  });

const memo = new WeakMap<SchemaAST.AST, Step>();

/** Record schemas share field nodes, so each node is compiled once. */
const compile = (ast: SchemaAST.AST): Step => {
  let step = memo.get(ast);
  if (step === undefined) {
    step = build(ast);
    memo.set(ast, step);
  }
  return step;
};

const build = (ast: SchemaAST.AST): Step => {
  if (changesSuccess(ast) || Option.isSome(SchemaAST.getDecodingFallbackAnnotation(ast))) return delegated(ast);
  switch (ast._tag) {
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
      return identity;
    case "StringKeyword":
      return guard((u) => typeof u === "string");
    case "NumberKeyword":
      return guard((u) => typeof u === "number");
    case "BooleanKeyword":
      return guard((u) => typeof u === "boolean");
    case "BigIntKeyword":
      return guard((u) => typeof u === "bigint");
    case "UndefinedKeyword":
      return guard((u) => u === undefined);
    case "Literal": {
      const literal = ast.literal;
      return guard((u) => u === literal);
    }
    case "Declaration": {
      if (ast.typeParameters.length > 0) return delegated(ast);
      const parse = ast.decodeUnknown();
      return (input) => valueOf(parse(input, OPTIONS, ast));
    }
    case "Refinement": {
      const from = compile(ast.from);
      return (input) => {
        const value = from(input);
        return value === MISS || Option.isSome(ast.filter(value, OPTIONS, ast)) ? MISS : value;
      };
    }
    case "Transformation":
      return transformation(ast);
    case "TypeLiteral":
      return typeLiteral(ast);
    default:
      return delegated(ast);
  }
};

const transformation = (ast: SchemaAST.Transformation): Step => {
  const from = compile(ast.from);
  const to = compile(ast.to);
  const kind = ast.transformation;
  switch (kind._tag) {
    case "ComposeTransformation":
      return (input) => {
        const value = from(input);
        return value === MISS ? MISS : to(value);
      };
    case "FinalTransformation": {
      const decode = kind.decode;
      return (input) => {
        const value = from(input);
        if (value === MISS) return MISS;
        const transformed = valueOf(decode(value, OPTIONS, ast, input));
        return transformed === MISS ? MISS : to(transformed);
      };
    }
    case "TypeLiteralTransformation": {
      const fused = fusedStruct(ast, kind);
      if (fused !== undefined) return fused;
      const fields = kind.propertySignatureTransformations;
      return (input) => {
        const value = from(input);
        if (!isRecord(value)) return MISS;
        // A copy, as effect works on the output of `from` (never on the caller's object).
        const out: Record<PropertyKey, unknown> = { ...value };
        for (const field of fields) {
          const result = field.decode(hasOwn(out, field.from) ? Option.some(out[field.from]) : Option.none());
          delete out[field.from];
          if (Option.isSome(result)) out[field.to] = result.value;
        }
        return to(out);
      };
    }
  }
};

interface Property {
  readonly name: PropertyKey;
  readonly isOptional: boolean;
  readonly step: Step;
  /** The step gives its input back (an `Unknown` property): it need not be called. */
  readonly isIdentity: boolean;
}

const identity: Step = (input) => input;

const propertiesOf = (ast: SchemaAST.TypeLiteral): ReadonlyArray<Property> =>
  ast.propertySignatures.map((property) => {
    const step = compile(property.type);
    return { name: property.name, isOptional: property.isOptional, step, isIdentity: step === identity };
  });

/** Where a field of a fused struct comes from: a from-side property, through a property transformation or not. */
interface Source {
  readonly property?: Property;
  readonly decode?: (o: Option.Option<unknown>) => Option.Option<unknown>;
  /** What `decode` gives for an absent property. */
  readonly whenAbsent?: Option.Option<unknown>;
}

/** A plain struct with no annotation of its own that changes parsing: its properties can be read one by one. */
const plainStruct = (ast: SchemaAST.AST): ast is SchemaAST.TypeLiteral =>
  ast._tag === "TypeLiteral" &&
  ast.indexSignatures.length === 0 &&
  ast.propertySignatures.length > 0 &&
  !changesSuccess(ast) &&
  Option.isNone(SchemaAST.getDecodingFallbackAnnotation(ast));

/**
 * A struct with property signature transformations (what `Schema.Struct` builds from
 * `optionalToOptional` and `optionalToRequired` fields), decoded in one pass without the two
 * intermediate objects. Each field of the result is read from the input property it comes from,
 * through the from-side property's step, the property transformation, and the to-side step: what
 * effect does in three passes, when no two transformations touch the same name. Other shapes are
 * left to the three-pass path.
 */
const fusedStruct = (ast: SchemaAST.Transformation, kind: SchemaAST.TypeLiteralTransformation): Step | undefined => {
  const { from, to } = ast;
  if (!plainStruct(from) || !plainStruct(to)) return undefined;
  const fromProperties = propertiesOf(from);
  const fromIndex = new Map(fromProperties.map((p, i) => [p.name, i] as const));
  const transformations = kind.propertySignatureTransformations;
  const touched = new Set<PropertyKey>();
  for (const t of transformations) {
    // A name moved onto another one, or touched twice, makes the result depend on the order.
    if (!fromIndex.has(t.from) || touched.has(t.from) || (t.to !== t.from && (touched.has(t.to) || fromIndex.has(t.to)))) return undefined;
    touched.add(t.from).add(t.to);
  }
  const sourceOf = (name: PropertyKey): Source => {
    const t = transformations.find((candidate) => candidate.to === name);
    // Transformations are pure, so what one gives for an absent property is computed once.
    if (t !== undefined) return { property: fromProperties[fromIndex.get(t.from) ?? -1], decode: t.decode, whenAbsent: t.decode(Option.none()) };
    // A property moved away by a transformation is gone from the intermediate object.
    const index = fromIndex.get(name);
    return index === undefined || transformations.some((candidate) => candidate.from === name) ? {} : { property: fromProperties[index] };
  };
  const fields = propertiesOf(to).map((property) => ({ ...property, ...sourceOf(property.name) }));
  // From-side properties no field reads still have to decode.
  const unread = fromProperties.filter((property) => !fields.some((field) => field.property === property) && !property.isIdentity);
  return (input) => {
    if (!isRecord(input)) return MISS;
    for (const { name, isOptional, step } of unread) {
      if ((!isOptional || hasOwn(input, name)) && step(input[name]) === MISS) return MISS;
    }
    const out: Record<PropertyKey, unknown> = {};
    for (const field of fields) {
      const source = field.property;
      // The from-side property: present or not, and its value.
      let has = source !== undefined && (!source.isOptional || hasOwn(input, source.name));
      let value: unknown = undefined;
      if (has && source !== undefined) {
        value = source.isIdentity ? input[source.name] : source.step(input[source.name]);
        if (value === MISS) return MISS;
      }
      if (field.decode !== undefined) {
        const result = has ? field.decode(Option.some(value)) : (field.whenAbsent as Option.Option<unknown>);
        has = Option.isSome(result);
        value = has ? (result as Option.Some<unknown>).value : undefined;
      }
      // The to-side property, in the declared order.
      if (!has && field.isOptional) continue;
      const decoded = field.step(value);
      if (decoded === MISS) return MISS;
      out[field.name] = decoded;
    }
    return out;
  };
};

const typeLiteral = (ast: SchemaAST.TypeLiteral): Step => {
  if (ast.indexSignatures.length > 0) return delegated(ast);
  if (ast.propertySignatures.length === 0) return guard((u) => u !== undefined && u !== null);
  const properties = propertiesOf(ast);
  return (input) => {
    if (!isRecord(input)) return MISS;
    // Declared order, and only declared keys: what effect gives with its default options.
    const out: Record<PropertyKey, unknown> = {};
    for (const { name, isOptional, step } of properties) {
      if (isOptional && !hasOwn(input, name)) continue;
      const value = step(input[name]);
      if (value === MISS) return MISS;
      out[name] = value;
    }
    return out;
  };
};

/**
 * The fast path alone: the decoded record, or none when it cannot decide (the record does not
 * decode, or decoding it needs effect's parser); `makeSchemaDecoder` then asks effect.
 */
export const makeFastRecordPath = <A, I>(schema: Schema.Schema<A, I>): ((input: unknown) => Option.Option<A>) => {
  const fast = compile(schema.ast);
  return (input) => {
    const value = fast(input);
    return value === MISS ? Option.none() : Option.some(value as A);
  };
};

/**
 * `Schema.decodeUnknownEither(schema, { errors: "all" })`, faster on inputs that decode. The
 * schema must not need services (R = never), like every record schema.
 */
export const makeSchemaDecoder = <A, I>(schema: Schema.Schema<A, I>): ((input: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  const slow = Schema.decodeUnknownEither(schema, OPTIONS);
  const fast = compile(schema.ast);
  return (input) => {
    const value = fast(input);
    return value === MISS ? slow(input) : Either.right(value as A);
  };
};
