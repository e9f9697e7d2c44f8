package io.hardmax.attention;

import io.hardmax.core.UserException;

/** A model file that cannot be read: the message is one line naming the file and the problem. */
public final class ModelFileException extends UserException {
  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
