import type { z } from "zod";
import type { TBaseline } from "../baseline/load";
import { formatPath } from "../json/path";
import { ZAnswersShape, type TAnswers } from "./answers";
import { questionTitle } from "./fields";
import { checkAnswerRules } from "./rules";

/** One problem of an answers file, named by question and by JSON path (and, between two answers, as seen from the other one). */
export type TAnswerIssue = { path: string; question: string; message: string; alternatives?: { path: string; question: string; message: string }[] };
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
  return { path: formatPath(path), question, message: withoutQuestion(missing ? "is required" : issue.message, question) };
}

/** The structural problems of answers (types, ranges, required fields), described as parseAnswers does. */
export function shapeIssues(input: unknown): TAnswerIssue[] {
  const shape = ZAnswersShape.safeParse(input);
  return shape.success ? [] : shape.error.issues.map(describeZodIssue);
}

/** Parses an answers file: structure first (zod), then the cross-field rules against the baseline. */
export function parseAnswers(input: unknown, baseline: TBaseline): TParseAnswersResult {
  const shape = ZAnswersShape.safeParse(input);
  if (!shape.success) return { ok: false, issues: shape.error.issues.map(describeZodIssue) };
  const problems = checkAnswerRules(shape.data, baseline);
  if (problems.length > 0) {
    const describe = (p: { path: (string | number)[]; message: string }) => ({ path: formatPath(p.path), question: questionTitle(p.path), message: p.message });
    return {
      ok: false,
      issues: problems.map((p) => (p.alternatives ? { ...describe(p), alternatives: p.alternatives.map(describe) } : describe(p))),
    };
  }
  return { ok: true, answers: shape.data };
}

/** Schema messages start with their question ("Name and surname is required"); an issue keeps the question apart. */
function withoutQuestion(message: string, question: string): string {
  for (const prefix of [`${question}: `, `${question} `]) if (message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}

/**
 * An issue as one sentence, worded the same wherever it is shown (next to the question, in a
 * summary, on the review page): "Name and surname is required", "Reading client SAP: SAP 1 is
 * already used by the Management client".
 */
export function issueSentence(issue: { question: string; message: string }): string {
  return /^(is|are|must|needs?|should) /.test(issue.message) ? `${issue.question} ${issue.message}` : `${issue.question}: ${issue.message}`;
}

export function formatIssue(issue: TAnswerIssue): string {
  return `${issue.path || "(file)"}: ${issue.question}: ${issue.message}`;
}
