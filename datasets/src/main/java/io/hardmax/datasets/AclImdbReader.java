package io.hardmax.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code aclimdb}, the layout of Maas et al.'s archive: {@code train/} and {@code test/}, each with {@code neg/},
 * {@code pos/} and {@code unsup/} folders of {@code ID_RATING.txt} files, read in that order and by numeric id
 * within a folder, as in the archive's listing. Detected for a folder holding any of the six.
 */
final class AclImdbReader implements ReviewReader {
  private static final String[] PARTS = {"train", "test"};
  private static final String[] LABELS = {"neg", "pos", "unsup"};

  @Override
  public String name() {
    return "aclimdb";
  }

  @Override
  public String description() {
    return "the aclImdb folder layout";
  }

  @Override
  public Input input() {
    return Input.FOLDER;
  }

  @Override
  public boolean detects(Path path) {
    if (!Files.isDirectory(path)) {
      return false;
    }
    for (String part : PARTS) {
      for (String label : LABELS) {
        if (Files.isDirectory(path.resolve(part).resolve(label))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public Records open(Path root, String source, ReadOptions options) throws IOException {
    List<Path> list = new ArrayList<>();
    for (String part : PARTS) {
      for (String label : LABELS) {
        Path dir = root.resolve(part).resolve(label);
        if (Files.isDirectory(dir)) {
          try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted(AclImdbReader::aclOrder).forEach(list::add);
          }
        }
      }
    }
    return new FolderRecords(root, list, options);
  }

  /** aclImdb order: by the numeric id before the underscore. */
  static int aclOrder(Path a, Path b) {
    return Long.compare(aclId(a), aclId(b));
  }

  private static long aclId(Path p) {
    String n = p.getFileName().toString();
    int u = n.indexOf('_');
    try {
      return Long.parseLong(u > 0 ? n.substring(0, u) : n.replace(".txt", ""));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
