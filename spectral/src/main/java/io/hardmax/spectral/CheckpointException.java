package io.hardmax.spectral;

import io.hardmax.core.UserException;

/**
 * A training checkpoint that cannot be resumed: damaged, of another format version, or left by a run with other
 * settings. A user error (the CLI exits with code 2 and this one-line message), not a bug.
 */
public final class CheckpointException extends UserException {
  public CheckpointException(String message) {
    super(message);
  }
}
