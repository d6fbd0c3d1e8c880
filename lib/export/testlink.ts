import type { TAutomationFile } from "../testbook/automation";
import type { TTestbook, TTestInstance } from "../testbook/testbook-schema";
import { escapeXml } from "./xml";

/**
 * The testbook as a TestLink test specification, for TestLink's "Import test suite" (recursive):
 * one root testsuite, a testsuite per chapter with tests, a testcase per test with its summary,
 * preconditions, steps (step_number, actions, expectedresults, execution_type), execution type
 * and keywords (the test's tags).
 *
 * The structure is the one TestLink's importer reads (TestLinkOpenSourceTRMS/testlink-code,
 * lib/testcases/tcImport.php: importTestSuitesFromSimpleXML, getTestCaseSetFromSimpleXMLObj,
 * getStepsFromSimpleXMLObj; examples in docs/file_examples/), and the limits its config.inc.php
 * sets ($g_field_size: testsuite_name and testcase_name 100 characters). Text elements hold
 * HTML in CDATA, as TestLink's own exports do; our text is HTML-escaped first (">" included), so
 * it can never close the CDATA section. Requirement ids go in the summary: TestLink links <requirements>
 * only to requirement specifications that already exist in the project.
 */
export const TESTLINK_NAME_MAX = 100;
/** TestLink's execution types: 1 manual, 2 automated. */
const MANUAL = 1;
const AUTOMATED = 2;
const MEDIUM_IMPORTANCE = 2;

/** HTML text: the XML escapes are HTML entities too, and they drop characters XML cannot hold. */
const html = escapeXml;
const cdata = (htmlText: string) => `<![CDATA[${htmlText}]]>`;
const paragraph = (text: string) => `<p>${html(text)}</p>`;
const list = (items: readonly string[]) => (items.length === 0 ? "" : `<ul>${items.map((i) => `<li>${html(i)}</li>`).join("")}</ul>`);

/** A name cut to TestLink's limit; the test id leads, so names stay unique within a chapter. */
export function testlinkName(text: string): string {
  const chars = [...text];
  return chars.length <= TESTLINK_NAME_MAX ? text : `${chars.slice(0, TESTLINK_NAME_MAX - 1).join("")}…`;
}

function summaryOf(test: TTestInstance): string {
  return [
    paragraph(test.purpose),
    paragraph(`PRIME+ test ${test.id} (case ${test.caseId}): ${test.title}`),
    test.requirements.length > 0 ? paragraph(`Requirements: ${test.requirements.join(" ")}`) : "",
    test.clauses.length > 0 ? `${paragraph("References:")}${list(test.clauses)}` : "",
    `${paragraph("Verdicts:")}${list([`PASS: ${test.verdict.pass}`, `FAIL: ${test.verdict.fail}`, `INCONCLUSIVE: ${test.verdict.inconclusive}`])}`,
  ].join("");
}

function testcaseXml(test: TTestInstance, order: number, automation: TAutomationFile | undefined): string {
  const automated = automation?.cases[test.caseId]?.mode === "automatic";
  const type = automated ? AUTOMATED : MANUAL;
  const steps = test.steps.map((s) =>
    [
      "        <step>",
      `          <step_number>${cdata(String(s.number))}</step_number>`,
      `          <actions>${cdata(paragraph(s.action))}</actions>`,
      `          <expectedresults>${cdata(paragraph(s.expected))}</expectedresults>`,
      `          <execution_type>${cdata(String(type))}</execution_type>`,
      "        </step>",
    ].join("\n"),
  );
  const keywords = test.tags.map((t) => `        <keyword name="${escapeXml(t)}"><notes>${cdata("")}</notes></keyword>`);
  return [
    `    <testcase name="${escapeXml(testlinkName(`${test.id} ${test.title}`))}">`,
    `      <node_order>${cdata(String(order))}</node_order>`,
    `      <summary>${cdata(summaryOf(test))}</summary>`,
    `      <preconditions>${cdata(list(test.preconditions))}</preconditions>`,
    `      <execution_type>${cdata(String(type))}</execution_type>`,
    `      <importance>${cdata(String(MEDIUM_IMPORTANCE))}</importance>`,
    "      <steps>",
    ...steps,
    "      </steps>",
    ...(keywords.length > 0 ? ["      <keywords>", ...keywords, "      </keywords>"] : []),
    "    </testcase>",
  ].join("\n");
}

export function testbookTestlinkXml(testbook: TTestbook, automation?: TAutomationFile): string {
  const chapters = testbook.chapters.filter((c) => c.tests.length > 0);
  const details = paragraph(
    `PRIME+ testbook ${testbook.id} for ${testbook.profile.company} (profile ${testbook.profile.id}, catalogue ${testbook.catalogue.id} ${testbook.catalogue.version}): ${testbook.summary.tests} tests in ${chapters.length} chapters.`,
  );
  const suites = chapters.map((c, i) =>
    [
      `  <testsuite name="${escapeXml(testlinkName(`${String(c.number).padStart(2, "0")} ${c.code} ${c.title}`))}">`,
      `    <node_order>${cdata(String(i + 1))}</node_order>`,
      `    <details>${cdata(paragraph(c.description))}</details>`,
      ...c.tests.map((t, j) => testcaseXml(t, j + 1, automation)),
      "  </testsuite>",
    ].join("\n"),
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuite name="${escapeXml(testlinkName(`PRIME+ testbook: ${testbook.profile.company}`))}">`,
    `  <details>${cdata(details)}</details>`,
    ...suites,
    "</testsuite>",
    "",
  ].join("\n");
}
