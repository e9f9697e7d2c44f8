package io.hardmax.datasets;

import static io.hardmax.datasets.ReaderFixture.error;
import static io.hardmax.datasets.ReaderFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines format (one unlabelled review per line), also the fallback of detection. */
class LinesReaderTest {
  @TempDir Path dir;

  @Test
  void readsOneReviewPerLineWithLineNumbersAsIds() throws IOException {
    Path p = new ReaderFixture(dir).write("reviews", "\uFEFFfirst review\r\n\n  \nsecond, \"quoted\"\nlast without newline");
    assertThat(read(p, null)).extracting(Review::id, Review::text, Review::label).containsExactly(
        tuple("1", "first review", null), tuple("4", "second, \"quoted\"", null), tuple("5", "last without newline", null));
  }

  @Test
  void allowEmptyKeepsBlankLines() throws IOException {
    Path p = new ReaderFixture(dir).write("r.txt", "a\n\nb\n");
    assertThat(read(p, Format.LINES, ReadOptions.builder().allowEmpty(true).build())).extracting(Review::text).containsExactly("a", "", "b");
  }

  @Test
  void longLinesAndInvalidBytesStopReading() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Path longLine = fx.write("long.txt", "ok\n" + "x".repeat(40_000) + "\n");
    assertThat(error(longLine, Format.LINES, ReadOptions.builder().maxReviewChars(100).skipBad(true).build()))
        .isEqualTo(longLine + ", line 2: line longer than 100 chars (raise the limit with --max-review-chars)");
    Path limit = fx.write("limit.txt", "ok\n" + "y".repeat(150) + "\n");
    assertThat(error(limit, Format.LINES, ReadOptions.builder().maxReviewChars(100).build()))
        .isEqualTo(limit + ", line 2: review of 150 chars is longer than the limit of 100 (raise it with --max-review-chars)");
    Path utf = fx.write("u.txt", new byte[] {'a', '\n', 'b', (byte) 0x80, '\n'});
    assertThat(error(utf, Format.LINES, ReadOptions.builder().skipBad(true).build()))
        .isEqualTo(utf + ", line 2: invalid UTF-8 (the file must be UTF-8 encoded)");
  }

  @Test
  void aFileOfBlankLinesHasNoReviews() throws IOException {
    assertThat(read(new ReaderFixture(dir).write("blank", "\n \n"), null)).isEmpty();
  }
}
