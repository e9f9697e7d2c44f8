package io.hardmax.attention;

/** A model file that cannot be read: the message is one line naming the file and the problem. */
public final class ModelFileException extends RuntimeException {
  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
