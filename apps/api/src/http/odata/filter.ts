/**
 * `$filter` text to the core's Filter model. The grammar is OData's ABNF as implemented by
 * `@odata/parser` (ADR 0017); this file only walks its syntax tree. What the seed does not
 * support is refused with 501 naming it (`in`, `gt`, `ge`, `lt`, `le`, other functions and
 * operators); anything malformed is 400. Literal values become FilterLiterals and reach SQL only
 * as bound parameters.
 */
import { defaultParser } from "@odata/parser";
import { Decimal, Filter, FilterLiteral, MAX_FILTER_EXPRESSIONS } from "@batch/core";
import { Option } from "effect";
import { HttpProblem } from "../problem";

interface Token {
  readonly type: string;
  readonly value: unknown;
  readonly raw: string;
  readonly position: number;
}

const malformed = (message: string): never => {
  throw new HttpProblem({ status: 400, code: "OData.FilterInvalid", detail: `$filter: ${message}` });
};

const notImplemented = (what: string): never => {
  throw new HttpProblem({ status: 501, code: "OData.NotImplemented", detail: `$filter: ${what} is not supported` });
};

const UNSUPPORTED_OPERATORS: Readonly<Record<string, string>> = {
  LesserThanExpression: "lt",
  LesserOrEqualsExpression: "le",
  GreaterThanExpression: "gt",
  GreaterOrEqualsExpression: "ge",
  HasExpression: "has",
  AddExpression: "add",
  SubExpression: "sub",
  MulExpression: "mul",
  DivExpression: "div",
  ModExpression: "mod",
  NegateExpression: "negation (-)",
  IsOfExpression: "isof",
  CastExpression: "cast",
  AnyExpression: "any",
  AllExpression: "all",
};

/** The words of the expression outside string literals (for operators the parser does not know, such as `in`). */
const wordsOutsideStrings = (text: string): ReadonlyArray<string> => text.replace(/'(?:[^']|'')*'?/g, " ").split(/[\s()',]+/).filter((w) => w !== "");

/** The property a member expression names (a single segment: the entities have no complex properties). */
const propertyOf = (node: Token): string | undefined => {
  let current: Token | undefined = node;
  while (current !== undefined) {
    switch (current.type) {
      case "FirstMemberExpression":
      case "MemberExpression":
      case "PropertyPathExpression":
        current = current.value as Token;
        break;
      case "ODataIdentifier":
        return (current.value as { readonly name: string }).name;
      default:
        return undefined;
    }
  }
  return undefined;
};

const unquote = (raw: string): string => raw.slice(1, -1).replace(/''/g, "'");

const literalOf = (node: Token): FilterLiteral | undefined => {
  if (node.type !== "Literal") return undefined;
  const edmType = String(node.value);
  const raw = node.raw;
  switch (edmType) {
    case "null":
      return FilterLiteral.null;
    case "Edm.String":
      return FilterLiteral.string(unquote(raw));
    case "Edm.Boolean":
      return FilterLiteral.boolean(raw.toLowerCase() === "true");
    case "Edm.Guid":
      return FilterLiteral.guid(raw);
    case "Edm.DateTimeOffset":
    case "Edm.Date":
      return FilterLiteral.dateTime(raw);
    case "Edm.SByte":
    case "Edm.Byte":
    case "Edm.Int16":
    case "Edm.Int32":
    case "Edm.Int64":
    case "Edm.Decimal":
    case "Edm.Double":
    case "Edm.Single":
      return Option.match(Decimal.parse(raw.replace(/[mMdDfFlL]$/, "")), {
        onNone: () => malformed(`${raw} is not a number this service can compare (write it as digits with an optional fraction)`),
        onSome: FilterLiteral.number,
      });
    default:
      return notImplemented(`a literal of type ${edmType.replace(/^Edm\./, "")} (${raw})`);
  }
};

const STRING_FUNCTIONS: Readonly<Record<string, (property: string, value: string) => Filter>> = {
  contains: Filter.contains,
  startswith: Filter.startsWith,
  endswith: Filter.endsWith,
};

const comparison = (node: Token, negate: boolean): Filter => {
  const { left, right } = node.value as { readonly left: Token; readonly right: Token };
  const leftProperty = propertyOf(left);
  const rightProperty = propertyOf(right);
  if (leftProperty !== undefined && rightProperty !== undefined) return notImplemented(`comparing two properties (${left.raw}, ${right.raw})`);
  const property = leftProperty ?? rightProperty;
  const literalNode = leftProperty !== undefined ? right : left;
  if (property === undefined) {
    const call = [left, right].find((side) => side.type === "MethodCallExpression");
    if (call !== undefined) return notImplemented(`comparing the result of ${(call.value as { readonly method: string }).method}()`);
    return notImplemented(`comparing ${left.raw} with ${right.raw} (one side must be a property)`);
  }
  const literal = literalOf(literalNode);
  if (literal === undefined) return notImplemented(`comparing ${property} with the expression ${literalNode.raw}`);
  return negate ? Filter.ne(property, literal) : Filter.eq(property, literal);
};

const methodCall = (node: Token): Filter => {
  const { method, parameters } = node.value as { readonly method: string; readonly parameters: ReadonlyArray<Token> };
  const make = STRING_FUNCTIONS[method.toLowerCase()];
  if (make === undefined) return notImplemented(`the function ${method}`);
  const [first, second] = parameters;
  if (parameters.length !== 2 || first === undefined || second === undefined) return malformed(`${method} takes a property and a string`);
  const property = propertyOf(first);
  if (property === undefined) return notImplemented(`${method} over the expression ${first.raw}`);
  const literal = literalOf(second);
  if (literal?._tag !== "String") return malformed(`the second argument of ${method} must be a string literal in single quotes, got ${second.raw}`);
  return make(property, literal.value);
};

/**
 * `not` binds tighter than `and` and `or` (OData Part 2, operator precedence), but the parser
 * reads `not A and B` as `not (A and B)`: the `not` is given back to the leftmost operand of the
 * unparenthesized chain it swallowed.
 */
const negated = (operand: Token, depth: number, times = 1): Filter => {
  if (operand.type === "NotExpression") return negated(operand.value as Token, depth + 1, times + 1);
  if (operand.type === "AndExpression" || operand.type === "OrExpression") {
    const { left, right } = operand.value as { readonly left: Token; readonly right: Token };
    const make = operand.type === "OrExpression" ? Filter.or : Filter.and;
    return make(negated(left, depth + 1, times), toFilter(right, depth + 1));
  }
  let filter = toFilter(operand, depth + 1);
  for (let i = 0; i < times; i++) filter = Filter.not(filter);
  return filter;
};

const toFilter = (node: Token, depth: number): Filter => {
  if (depth > 4 * MAX_FILTER_EXPRESSIONS) return malformed(`nested too deeply (at most ${MAX_FILTER_EXPRESSIONS} expressions)`);
  switch (node.type) {
    case "OrExpression":
    case "AndExpression": {
      const { left, right } = node.value as { readonly left: Token; readonly right: Token };
      const make = node.type === "OrExpression" ? Filter.or : Filter.and;
      return make(toFilter(left, depth + 1), toFilter(right, depth + 1));
    }
    case "NotExpression":
      return negated(node.value as Token, depth + 1);
    case "BoolParenExpression":
    case "ParenExpression":
    case "CommonExpression":
      return toFilter(node.value as Token, depth + 1);
    case "EqualsExpression":
      return comparison(node, false);
    case "NotEqualsExpression":
      return comparison(node, true);
    case "MethodCallExpression":
      return methodCall(node);
    case "FirstMemberExpression":
    case "MemberExpression": {
      // A boolean property alone (`isScheduledExporting`) means `eq true`.
      const property = propertyOf(node);
      return property === undefined ? notImplemented(`the expression ${node.raw}`) : Filter.eq(property, FilterLiteral.boolean(true));
    }
    default: {
      const operator = UNSUPPORTED_OPERATORS[node.type];
      return operator !== undefined ? notImplemented(`the operator ${operator}`) : notImplemented(`the expression ${node.raw}`);
    }
  }
};

const REFUSED_WORDS = ["in", "gt", "ge", "lt", "le"] as const;

/**
 * The Filter a `$filter` text says. Throws HttpProblem: 501 naming an unsupported operator or
 * function, 400 for malformed text. Property names and value types are checked later, by the
 * core's validateCollectionQuery against the entity's catalogue.
 */
export const parseFilter = (text: string): Filter => {
  if (text.trim() === "") return malformed("is empty");
  let tree: Token;
  try {
    tree = defaultParser.filter(text) as unknown as Token;
  } catch (error) {
    // `in` is not in the parser's grammar: name it rather than report a syntax error there.
    const words = wordsOutsideStrings(text);
    const refused = REFUSED_WORDS.find((w) => words.includes(w));
    if (refused !== undefined) return notImplemented(`the operator ${refused}`);
    const message = error instanceof Error ? error.message : String(error);
    return malformed(`${message.replace(/^Error: /, "")} in "${text.length > 200 ? `${text.slice(0, 200)}...` : text}"`);
  }
  if (tree === undefined || tree === null) return malformed(`"${text}" is not a filter expression`);
  return toFilter(tree, 0);
};
