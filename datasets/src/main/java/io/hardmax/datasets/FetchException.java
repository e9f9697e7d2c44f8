package io.hardmax.datasets;

import io.hardmax.core.UserException;

import java.io.IOException;

/** Fetching data failed (npm missing or failing, checksum mismatch); the message is one line for a person. */
public final class FetchException extends UserException {
  public FetchException(String message) {
    super(message);
  }
}
