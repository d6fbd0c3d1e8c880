import { get, set, type FieldErrors, type FieldValues, type Resolver } from "react-hook-form";
import { issueSentence, shapeIssues } from "@/lib/questionnaire/parse";
import { fieldOfPath } from "@/lib/questionnaire/sections";

/**
 * Checks the form with the answers schema and words each problem as the server does, so that a
 * message reads the same before and after a save ("Name and surname is required"). A problem on
 * a list item belongs to its list's question.
 */
export const answersResolver: Resolver<FieldValues> = (values) => {
  const issues = shapeIssues(values);
  if (issues.length === 0) return { values, errors: {} };
  const errors: FieldErrors<FieldValues> = {};
  for (const issue of issues) {
    const field = fieldOfPath(issue.path) ?? issue.path;
    if (field && !get(errors, field)) set(errors, field, { type: "answers", message: issueSentence(issue) });
  }
  return { values: {}, errors };
};
