import { Effect, Either } from "effect";
import { HttpProblem } from "./problem";
import { problemFor } from "./problem-details";

/**
 * Runs an Effect for a handler: its failure becomes the mapped problem (problem-details.ts) and
 * is thrown as an HttpProblem; a failure with no mapping is a defect and becomes a 500.
 */
export const orFail = async <A, E>(effect: Effect.Effect<A, E>): Promise<A> => {
  const result = await Effect.runPromise(Effect.either(effect));
  if (Either.isRight(result)) return result.right;
  const problem = problemFor(result.left);
  if (problem === undefined) throw new Error(`unmapped failure: ${String((result.left as { _tag?: unknown })?._tag ?? result.left)}`, { cause: result.left });
  throw new HttpProblem(problem);
};
