/** Plots (SVG and PNG from one drawing) and report pages; everything self-contained, no external assets. */
package io.hardmax.eval.report;
