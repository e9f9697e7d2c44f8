/** hardmax cli module. */
package io.hardmax.cli;
