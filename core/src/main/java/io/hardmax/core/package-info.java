/**
 * The bottom of the module graph, usable by every module: the atomic file writer ({@link io.hardmax.core.AtomicFiles}),
 * the user-error base class ({@link io.hardmax.core.UserException}) and the run manifest
 * ({@link io.hardmax.core.RunManifest}: git commit, Java and library versions from a Maven-filtered resource).
 */
package io.hardmax.core;
