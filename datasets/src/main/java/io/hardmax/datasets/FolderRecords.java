package io.hardmax.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * One review per UTF-8 text file, in a given order: the id is the path below the root without {@code .txt}, the
 * label 1 in a folder named {@code pos}, 0 in {@code neg}, none elsewhere. Messages name the file.
 */
final class FolderRecords implements ReviewReader.Records {
  private final Path root;
  private final ReadOptions options;
  private final Iterator<Path> files;

  /**
   * @param root  the folder that ids are relative to
   * @param files the files, in reading order
   */
  FolderRecords(Path root, List<Path> files, ReadOptions options) {
    this.root = root;
    this.options = options;
    this.files = List.copyOf(files).iterator();
  }

  @Override
  public Review next() throws IOException {
    if (!files.hasNext()) {
      return null;
    }
    Path f = files.next();
    String rel = root.relativize(f).toString().replace('\\', '/');
    String name = root.resolve(rel).toString();
    byte[] bytes = Files.readAllBytes(f);
    for (byte b : bytes) {
      if (b == 0) {
        throw new DataFormatException(name, null, "binary data (NUL byte), expected a UTF-8 text file");
      }
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new DataFormatException(name, null, "invalid UTF-8, expected a UTF-8 text file");
    }
    Integer label = null;
    Path parent = f.getParent().getFileName();
    String dir = parent == null ? "" : parent.toString();
    if (dir.equals("pos")) {
      label = 1;
    } else if (dir.equals("neg")) {
      label = 0;
    }
    String id = rel.endsWith(".txt") ? rel.substring(0, rel.length() - 4) : rel;
    try {
      return ReviewReaders.review(name, "file", 0, id, text, label, options);
    } catch (DataFormatException e) {
      throw new DataFormatException(name, null, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }
  }

  @Override
  public void close() {}
}
