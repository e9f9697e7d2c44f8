package io.hardmax.datasets;

import java.io.IOException;

/** Fetching data failed (npm missing or failing, checksum mismatch); the message is one line for a person. */
public final class FetchException extends IOException {
  public FetchException(String message) {
    super(message);
  }
}
