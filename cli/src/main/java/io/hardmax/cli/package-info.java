/**
 * The {@code hardmax} command (picocli). Only {@link io.hardmax.cli.Main} turns exceptions into exit codes;
 * nothing depends on this module.
 */
package io.hardmax.cli;
