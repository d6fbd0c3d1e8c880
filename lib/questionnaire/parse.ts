import type { z } from "zod";
import type { TBaseline } from "../baseline/load";
import { formatPath } from "../json/path";
import { ZAnswersShape, type TAnswers } from "./answers";
import { questionTitle } from "./fields";
import { checkAnswerRules } from "./rules";

/** One problem of an answers file, named by question and by JSON path. */
export type TAnswerIssue = { path: string; question: string; message: string };
export type TParseAnswersResult = { ok: true; answers: TAnswers } | { ok: false; issues: TAnswerIssue[] };

function describeZodIssue(issue: z.core.$ZodIssue): TAnswerIssue {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    return {
      path: formatPath(path),
      question: questionTitle(path),
      message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
    };
  }
  const question = questionTitle(path);
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  let message = missing ? "is required" : issue.message;
  if (message.startsWith(`${question} `)) message = message.slice(question.length + 1);
  return { path: formatPath(path), question, message };
}

/** Parses an answers file: structure first (zod), then the cross-field rules against the baseline. */
export function parseAnswers(input: unknown, baseline: TBaseline): TParseAnswersResult {
  const shape = ZAnswersShape.safeParse(input);
  if (!shape.success) return { ok: false, issues: shape.error.issues.map(describeZodIssue) };
  const problems = checkAnswerRules(shape.data, baseline);
  if (problems.length > 0) {
    return {
      ok: false,
      issues: problems.map((p) => ({ path: formatPath(p.path), question: questionTitle(p.path), message: p.message })),
    };
  }
  return { ok: true, answers: shape.data };
}

export function formatIssue(issue: TAnswerIssue): string {
  return `${issue.path || "(file)"}: ${issue.question}: ${issue.message}`;
}
