package io.hardmax.datasets;

import static io.hardmax.datasets.ReaderFixture.error;
import static io.hardmax.datasets.ReaderFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text format: a folder of .txt files, or one file as one review. */
class TextReaderTest {
  @TempDir Path dir;

  @Test
  void readsAFolderRecursivelyInPathOrderWithLabelsFromPosAndNeg() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    fx.write("f/b/pos/1.txt", "liked");
    fx.write("f/b/neg/2.TXT", "disliked");
    fx.write("f/a.txt", "first\nsecond line");
    fx.write("f/notes.md", "skipped");
    assertThat(read(dir.resolve("f"), null)).extracting(Review::id, Review::text, Review::label).containsExactly(
        tuple("a", "first\nsecond line", null), tuple("b/neg/2.TXT", "disliked", 0), tuple("b/pos/1", "liked", 1));
    assertThat(read(dir.resolve("f"), Format.TEXT).get(0).origin()).hasToString(dir.resolve("f").resolve("a.txt").toString());
  }

  @Test
  void aSingleFileIsOneReview() throws IOException {
    Path p = new ReaderFixture(dir).write("one.txt", "line one\nline two\n");
    assertThat(read(p, null)).extracting(Review::id, Review::text).containsExactly(tuple("one", "line one\nline two\n"));
  }

  @Test
  void badFilesAreNamed() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Files.createDirectories(dir.resolve("empty"));
    fx.write("empty/readme.md", "no reviews");
    assertThat(error(dir.resolve("empty"), null))
        .isEqualTo(dir.resolve("empty") + ": no .txt files in this folder, expected one review per .txt file");
    fx.write("bad/x.txt", new byte[] {'a', (byte) 0xC3, (byte) 0x28});
    assertThat(error(dir.resolve("bad"), null)).isEqualTo(dir.resolve("bad/x.txt") + ": invalid UTF-8, expected a UTF-8 text file");
    fx.write("blank/x.txt", "   ");
    assertThat(error(dir.resolve("blank"), null)).isEqualTo(dir.resolve("blank/x.txt") + ": empty review text");
    Path emptyFile = fx.write("e.txt", "");
    assertThat(error(emptyFile, null)).isEqualTo(emptyFile + ": the file is empty, expected a folder of .txt files");
  }

  @Test
  void skipBadSkipsBadFiles() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    fx.write("s/1.txt", "good");
    fx.write("s/2.txt", new byte[] {0, 1});
    fx.write("s/3.txt", "fine");
    SkipReport skips = new SkipReport();
    assertThat(ReaderFixture.readSkipping(dir.resolve("s"), null, skips)).containsExactly("good", "fine");
    assertThat(skips.summary()).contains(dir.resolve("s/2.txt") + ": binary data (NUL byte)");
  }
}
