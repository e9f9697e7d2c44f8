package io.hardmax.cli;

import io.hardmax.core.UserException;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Decides which exceptions are the user's errors and gives their one-line message: a
 * {@link UserException} anywhere in the cause chain (bad input, bad usage, a damaged model file, a failed fetch),
 * or a file-system error naming a file (missing, not a folder, permission denied). Everything else is an internal
 * failure: exit code 1 and a pointer to {@code --debug}.
 */
final class UserErrors {
  private UserErrors() {}

  /** The one-line message for a user error, or {@code null} when {@code t} is not a user error. */
  static String message(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UserException && c.getMessage() != null) {
        return oneLine(c.getMessage());
      }
      if (c instanceof NoSuchFileException e) {
        return e.getFile() + ": no such file or directory";
      }
      if (c instanceof NotDirectoryException e) {
        return e.getFile() + ": expected a folder, found a file";
      }
      if (c instanceof AccessDeniedException e) {
        return e.getFile() + ": permission denied";
      }
      if (c instanceof FileNotFoundException e) {
        return oneLine(String.valueOf(e.getMessage()));
      }
      if (c instanceof FileSystemException e && e.getReason() != null) {
        return e.getFile() + ": " + oneLine(e.getReason());
      }
    }
    return null;
  }

  private static String oneLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
