package io.hardmax.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code text}: a folder of {@code .txt} files, one review each, read recursively in path order (labels from
 * folders named {@code pos} and {@code neg}); or a single file, which is one review. Detected for any folder not
 * claimed before it and for the extension {@code .txt} (a .txt file of one review per line needs {@code lines}).
 */
final class TextReader implements ReviewReader {
  @Override
  public String name() {
    return "text";
  }

  @Override
  public String description() {
    return "a folder of .txt files";
  }

  @Override
  public Input input() {
    return Input.FILE_OR_FOLDER;
  }

  @Override
  public boolean detects(Path path) {
    return Files.isDirectory(path) || ReviewReaders.extension(path).equals(".txt");
  }

  @Override
  public Records open(Path path, String source, ReadOptions options) throws IOException {
    if (!Files.isDirectory(path)) {
      Path file = path.toAbsolutePath();
      return new FolderRecords(file.getParent(), List.of(file), options);
    }
    List<Path> list;
    try (Stream<Path> s = Files.walk(path)) {
      list = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt"))
          .sorted().toList();
    }
    if (list.isEmpty()) {
      throw new DataFormatException(source, null, "no .txt files in this folder, expected one review per .txt file");
    }
    return new FolderRecords(path, list, options);
  }
}
