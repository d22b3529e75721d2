/**
 * Headless publication figures in one house style: 3.5 in wide, PNG at 300 dpi, SVG and PDF, Okabe-Ito colours
 * with a fixed colour per learning-rate protocol. Axis titles carry their units. A figure {@code name} is written
 * with its data {@code name.csv} and its spec {@code name.figure.json}, so it can be re-rendered without recomputing.
 * Entry points: {@link FigureSpec}, {@link Figures}, {@link Palette}.
 */
package org.thermosgd.figures;
