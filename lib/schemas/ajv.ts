import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import answersSchema from "../../profiles/schema/answers.schema.json";
import profileSchema from "../../profiles/schema/user-profile.schema.json";

/**
 * Validators compiled from the published JSON Schemas (not from zod), so that what outsiders
 * validate against is exactly what the tool checks. Compiled once, on first use.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

let compiled: { answers: ValidateFunction; profile: ValidateFunction } | undefined;
function validators() {
  if (!compiled) {
    const ajv = createAjv();
    compiled = { answers: ajv.compile(answersSchema), profile: ajv.compile(profileSchema) };
  }
  return compiled;
}

export type TSchemaProblem = { path: string; message: string };
const toProblems = (errors: ErrorObject[] | null | undefined): TSchemaProblem[] =>
  (errors ?? []).map((e) => ({
    path: e.instancePath.replace(/^\//, "").replaceAll("/", ".") || "(root)",
    message: `${e.message ?? "is invalid"}${e.params && "additionalProperty" in e.params ? ` "${String(e.params.additionalProperty)}"` : ""}`,
  }));

export function validateProfileSchema(profile: unknown): TSchemaProblem[] {
  const validate = validators().profile;
  return validate(profile) ? [] : toProblems(validate.errors);
}

export function validateAnswersSchema(answers: unknown): TSchemaProblem[] {
  const validate = validators().answers;
  return validate(answers) ? [] : toProblems(validate.errors);
}
