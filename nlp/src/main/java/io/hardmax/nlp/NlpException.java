package io.hardmax.nlp;

import io.hardmax.core.UserException;

/**
 * A user-facing error of the nlp module: bad tokenizer or vocabulary settings, a missing optional library, a
 * malformed vocabulary file. The message is one line naming what was expected and what was found; the command
 * line prints it without a stack trace.
 */
public class NlpException extends UserException {

  public NlpException(String message) {
    super(message);
  }

  public NlpException(String message, Throwable cause) {
    super(message, cause);
  }
}
