package io.hardmax.cli;

import io.hardmax.core.UserException;

/** A user error detected by the command line itself; its message is one line for a person. */
public final class CliException extends UserException {
  public CliException(String message) {
    super(message);
  }
}
