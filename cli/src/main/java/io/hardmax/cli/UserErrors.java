package io.hardmax.cli;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Set;

/**
 * Decides which exceptions are the user's errors (bad input, bad usage, missing files) and gives their
 * one-line message; everything else is an internal failure. The library modules throw their own user-error
 * types; they are recognised here by class name so the modules need no common base class.
 */
final class UserErrors {
  /** Simple names of the library exception types whose messages are already one line for a person. */
  private static final Set<String> USER_ERROR_TYPES =
      Set.of("DataFormatException", "DataNotFoundException", "ModelFileException", "NlpException",
          "CliException", "FetchException", "DatasetSpecException");

  private UserErrors() {}

  /** The one-line message for a user error, or {@code null} when {@code t} is not a user error. */
  static String message(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String name = c.getClass().getSimpleName();
      if (USER_ERROR_TYPES.contains(name) && c.getMessage() != null) {
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
