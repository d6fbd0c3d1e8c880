import { escapeXml } from "./xml";

/**
 * JUnit XML, the format CI servers and test-management tools import (the Ant/Jenkins
 * schema: testsuites > testsuite > testcase with failure, error or skipped, and properties).
 * The conformance runner writes one testcase per check; a results set one per test.
 */
export type TJUnitStatus = "passed" | "failed" | "error" | "skipped";

export interface TJUnitCase {
  name: string;
  classname: string;
  seconds: number;
  status: TJUnitStatus;
  /** One line: why it failed, erred or was skipped. */
  message?: string;
  /** The body of the failure or error: evidence. */
  details?: string;
  properties?: Array<{ name: string; value: string }>;
}

export interface TJUnitSuite {
  name: string;
  timestamp?: string;
  /** Written before the testcases, as the Ant schema orders them (who ran the suite, on what). */
  properties?: Array<{ name: string; value: string }>;
  cases: TJUnitCase[];
}

const attr = (text: string) => escapeXml(text.replace(/[\r\n\t]+/g, " "));
const seconds = (s: number) => (Number.isFinite(s) && s > 0 ? s.toFixed(3) : "0.000");

const propertiesXml = (properties: Array<{ name: string; value: string }>, indent: string) =>
  [`${indent}<properties>`, ...properties.map((p) => `${indent}  <property name="${attr(p.name)}" value="${attr(p.value)}"/>`), `${indent}</properties>`];

function caseXml(c: TJUnitCase): string {
  const head = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${seconds(c.seconds)}"`;
  const inner: string[] = [];
  if (c.properties && c.properties.length > 0) inner.push(...propertiesXml(c.properties, "      "));
  const message = c.message ? ` message="${attr(c.message)}"` : "";
  if (c.status === "failed") inner.push(`      <failure${message} type="FAIL">${escapeXml(c.details ?? c.message ?? "")}</failure>`);
  if (c.status === "error") inner.push(`      <error${message} type="INCONCLUSIVE">${escapeXml(c.details ?? c.message ?? "")}</error>`);
  if (c.status === "skipped") inner.push(`      <skipped${message}/>`);
  return inner.length === 0 ? `${head}/>` : [`${head}>`, ...inner, "    </testcase>"].join("\n");
}

export function junitXml(name: string, suites: TJUnitSuite[]): string {
  const all = suites.flatMap((s) => s.cases);
  const tally = (cases: TJUnitCase[]) =>
    `tests="${cases.length}" failures="${cases.filter((c) => c.status === "failed").length}" errors="${cases.filter((c) => c.status === "error").length}" skipped="${cases.filter((c) => c.status === "skipped").length}" time="${seconds(cases.reduce((t, c) => t + c.seconds, 0))}"`;
  const body = suites.map((s) =>
    [
      `  <testsuite name="${attr(s.name)}" ${tally(s.cases)}${s.timestamp ? ` timestamp="${attr(s.timestamp)}"` : ""}>`,
      ...(s.properties && s.properties.length > 0 ? propertiesXml(s.properties, "    ") : []),
      ...s.cases.map(caseXml),
      "  </testsuite>",
    ].join("\n"),
  );
  return [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="${attr(name)}" ${tally(all)}>`, ...body, "</testsuites>", ""].join("\n");
}
