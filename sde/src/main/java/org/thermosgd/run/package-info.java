/**
 * Run directories and the files in them: {@code config.json}, {@code provenance.json} (status {@code RUNNING} until
 * the end; only {@code COMPLETED} means finished), metric CSVs whose header names each column's unit as
 * {@code name[unit]} ({@code [1]} for counts and ratios), and JSON with stable key order. Times are ISO-8601 UTC.
 * Every file is written to a temporary file and renamed into place. The package lives in the lowest module,
 * {@code sde}, so that every module can write run directories.
 * Entry points: {@link RunDirectory}, {@link CsvTable}, {@link Json}, {@link AtomicFiles}.
 */
package org.thermosgd.run;
