/**
 * Benchmark harness: warm-up, repeated timed runs, medians, and the machine they ran on. Speed targets are
 * checked by these recorded benchmarks, never by timed unit tests.
 */
package io.hardmax.eval.bench;
