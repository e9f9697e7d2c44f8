package io.hardmax.spark;

/** A user error of the Spark jobs (bad input, bad options, an existing output); its message is one line for a person. */
public final class SparkUserException extends RuntimeException {
  public SparkUserException(String message) {
    super(message);
  }

  public SparkUserException(String message, Throwable cause) {
    super(message, cause);
  }
}
