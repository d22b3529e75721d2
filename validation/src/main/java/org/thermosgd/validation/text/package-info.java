/**
 * Terminal text of every result: one class per command's results, each a pure function of a typed record (the
 * studies return records and never format text; the commands print what these return or the record as JSON).
 * Every number printed says its unit and convention.
 * Entry points: {@link DiffusionText}, {@link HessianText}, {@link TheoryText}, {@link TrainingText},
 * {@link WeightsText}, {@link DataText}.
 */
package org.thermosgd.validation.text;
