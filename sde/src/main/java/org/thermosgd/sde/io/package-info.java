/**
 * Reading fields of JSON problem files (the linear-SDE and SGD problem files). Errors are one line naming the file,
 * the field as a dotted path and the expected form; matrices are given as arrays of rows.
 * Entry point: {@link JsonFields}.
 */
package org.thermosgd.sde.io;
