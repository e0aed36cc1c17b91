import { Schema } from "effect";
import { ibanProblem, ibanProblemMessage, normalizeIban } from "./iban";
import { BIC_RULE, isValidBic, normalizeBic } from "./bic";

/** An IBAN, accepted in paper or electronic format, decoded to the electronic format. */
export const Iban = Schema.transform(Schema.String, Schema.String, {
  strict: true,
  decode: normalizeIban,
  encode: (s) => s,
}).pipe(
  Schema.filter((s) => {
    const problem = ibanProblem(s);
    return problem === undefined ? undefined : ibanProblemMessage(problem);
  }),
).annotations({ identifier: "Iban" });

export const Bic = Schema.transform(Schema.String, Schema.String, {
  strict: true,
  decode: normalizeBic,
  encode: (s) => s,
}).pipe(Schema.filter((s) => (isValidBic(s) ? undefined : BIC_RULE))).annotations({ identifier: "Bic" });
