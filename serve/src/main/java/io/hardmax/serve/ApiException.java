package io.hardmax.serve;

/** A request the server refuses: the HTTP status and a one-line message, answered as {@code {"error": message}}. */
final class ApiException extends RuntimeException {
  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
