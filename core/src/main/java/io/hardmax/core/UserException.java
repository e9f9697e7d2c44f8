package io.hardmax.core;

/**
 * An error the user can fix: bad input, bad usage, a missing or damaged file. Its message is one line for a person
 * and names what was wrong (the file, the record or line, what was expected). The command line maps it, and only
 * it, to exit code 2 with that line; any other exception is an internal failure (exit code 1).
 *
 * <p>Modules subclass it for their own kinds (data format, model file, tokenizer settings, fetch); code that
 * validates user-facing options throws it directly.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
