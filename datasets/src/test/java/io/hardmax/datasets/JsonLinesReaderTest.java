package io.hardmax.datasets;

import static io.hardmax.datasets.ReaderFixture.error;
import static io.hardmax.datasets.ReaderFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jsonl format (one JSON object per line). */
class JsonLinesReaderTest {
  @TempDir Path dir;

  @Test
  void readsTextReviewAndTFieldsWithIdsAndLineNumbers() throws IOException {
    Path p = new ReaderFixture(dir).write("a.ndjson",
        "\uFEFF{\"text\":\"one\",\"label\":1,\"id\":\"r1\"}\r\n\n{\"review\":\"two\",\"sentiment\":\"negative\"}\n{\"t\":\"three\",\"s\":null}");
    assertThat(read(p, null)).extracting(Review::id, Review::text, Review::label)
        .containsExactly(tuple("r1", "one", 1), tuple("3", "two", 0), tuple("4", "three", null));
    assertThat(read(p, Format.JSONL).get(1).origin()).hasToString(p + ", line 3");
  }

  @Test
  void badLinesNameTheLine() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Path array = fx.write("a.jsonl", "[1, 2]\n");
    assertThat(error(array, null)).isEqualTo(array + ", line 1: expected a JSON object per line");
    Path noText = fx.write("n.jsonl", "{\"label\":1}\n");
    assertThat(error(noText, null)).isEqualTo(noText + ", line 1: expected a string field \"t\", found none");
    Path numText = fx.write("t.jsonl", "{\"text\":3}\n");
    assertThat(error(numText, null)).isEqualTo(numText + ", line 1: expected a string field \"text\", found number");
    Path broken = fx.write("b.jsonl", "{\"text\":\"a\"}\n{\"text\": \n");
    assertThat(error(broken, null)).startsWith(broken + ", line 2: broken JSON: ");
    Path named = fx.write("f.jsonl", "{\"text\":\"a\"}\n");
    assertThat(error(named, null, ReadOptions.builder().textField("body").build()))
        .isEqualTo(named + ", line 1: expected a string field \"body\", found none");
  }

  @Test
  void skipBadSkipsBrokenLinesButNotInvalidUtf8() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    SkipReport skips = new SkipReport();
    assertThat(ReaderFixture.readSkipping(fx.write("s.jsonl", "{\"text\":\"a\"}\n{oops\n{\"text\":\"b\"}\n"), null, skips))
        .containsExactly("a", "b");
    assertThat(skips.count()).isOne();
    Path utf = fx.write("u.jsonl", new byte[] {'{', '}', '\n', (byte) 0xFF, '\n'});
    assertThat(error(utf, null, ReadOptions.builder().skipBad(true).build())).isEqualTo(utf + ", line 2: invalid UTF-8 (the file must be UTF-8 encoded)");
  }

  @Test
  void blankLinesOnlyGiveNoReviews() throws IOException {
    assertThat(read(new ReaderFixture(dir).write("blank.jsonl", "\n  \n\n"), null)).isEmpty();
  }
}
