package io.hardmax.cli;

/** A user error detected by the command line itself; its message is one line for a person. */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }
}
