/**
 * Reports and verdicts. A {@link Verdict} judges one claim with a stated statistic, its thresholds and its value
 * ("holds", "fails" or "inconclusive"); {@link Report} is the one report writer: Markdown built from headings,
 * paragraphs, tables and figures, written as {@code report.md} and a self-contained {@code report.html} (rendered by
 * commonmark-java with GitHub-flavoured tables, PNG figures embedded).
 * Entry points: {@link Report}, {@link Verdict}.
 */
package org.thermosgd.validation.report;
