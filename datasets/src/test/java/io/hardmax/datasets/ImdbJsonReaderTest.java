package io.hardmax.datasets;

import static io.hardmax.datasets.ReaderFixture.error;
import static io.hardmax.datasets.ReaderFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imdb-json format (a JSON array of {"t", "s"} objects). */
class ImdbJsonReaderTest {
  @TempDir Path dir;

  @Test
  void readsTheArrayWithIdsFromZeroAndRecordPositionsFromOne() throws IOException {
    Path p = new ReaderFixture(dir).write("a.json", "[\n{\"t\":\"good\",\"s\":1,\"extra\":[1,{\"x\":2}]},\n{\"s\":\"neg\",\"t\":\"bad\"},\n{\"t\":\"none\",\"s\":null}\n]");
    assertThat(read(p, null)).extracting(Review::id, Review::text, Review::label)
        .containsExactly(tuple("0", "good", 1), tuple("1", "bad", 0), tuple("2", "none", null));
    assertThat(read(p, Format.IMDB_JSON).get(2).origin()).hasToString(p + ", record 3");
  }

  @Test
  void namedFieldsReplaceTAndS() throws IOException {
    Path p = new ReaderFixture(dir).write("f.json", "[{\"body\":\"fine\",\"y\":\"positive\",\"t\":\"ignored\"}]");
    assertThat(read(p, null, ReadOptions.builder().textField("body").labelField("y").build())).extracting(Review::text, Review::label)
        .containsExactly(tuple("fine", 1));
  }

  @Test
  void badRecordsNameTheRecordAndLine() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Path notArray = fx.write("o.json", "{\"t\":\"x\"}");
    assertThat(error(notArray, Format.IMDB_JSON)).isEqualTo(notArray + ", line 1: expected a JSON array of reviews, found '{'");
    Path notObject = fx.write("n.json", "[\n1]");
    assertThat(error(notObject, null)).isEqualTo(notObject + ", record 1 (line 2): expected an object {\"t\": text, \"s\": 0|1}, found value_number_int");
    Path textNumber = fx.write("tn.json", "[{\"t\":5,\"s\":1}]");
    assertThat(error(textNumber, null)).isEqualTo(textNumber + ", record 1 (line 1): expected \"t\" to be a string, found value_number_int");
    Path noText = fx.write("nt.json", "[{\"s\":1}]");
    assertThat(error(noText, null)).isEqualTo(noText + ", record 1 (line 1): missing the text field \"t\"");
    Path badLabel = fx.write("bl.json", "[{\"t\":\"a\",\"s\":7}]");
    assertThat(error(badLabel, null)).isEqualTo(badLabel + ", record 1 (line 1): expected \"s\" to be 0, 1, neg, pos, negative or positive, found \"7\"");
    Path utf = fx.write("u.json", new byte[] {'[', '{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ']'});
    assertThat(error(utf, null)).startsWith(utf.toString()).contains("UTF-8");
  }

  @Test
  void skipBadSkipsRecordsButNotACutOffArray() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Path p = fx.write("s.json", "[{\"t\":\"a\",\"s\":1},{\"t\":\"b\",\"s\":9},{\"t\":\"c\",\"s\":0}]");
    SkipReport skips = new SkipReport();
    assertThat(ReaderFixture.readSkipping(p, null, skips)).containsExactly("a", "c");
    assertThat(skips.count()).isOne();
    Path cut = fx.write("c.json", "[{\"t\":\"a\",\"s\":1},");
    assertThatThrownBy(() -> ReaderFixture.readSkipping(cut, null, new SkipReport())).isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(cut.toString());
  }

  @Test
  void anEmptyArrayHasNoReviews() throws IOException {
    assertThat(read(new ReaderFixture(dir).write("e.json", " [ ] "), null)).isEmpty();
  }
}
