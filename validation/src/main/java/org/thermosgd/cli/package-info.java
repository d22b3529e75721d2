/**
 * The {@code thermosgd} command line (picocli), one subcommand per job. Commands only parse options, call one library
 * entry point (in {@code org.thermosgd.validation} or a lower module) and print its result; no computation lives
 * here. Failures print one line, {@code thermosgd: error: ...}, and exit with status 1.
 * Entry point: {@link Thermosgd}.
 */
package org.thermosgd.cli;
