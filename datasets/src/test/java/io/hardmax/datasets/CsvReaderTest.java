package io.hardmax.datasets;

import static io.hardmax.datasets.ReaderFixture.error;
import static io.hardmax.datasets.ReaderFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The csv, kaggle-csv and tsv formats (one reader class, three settings). */
class CsvReaderTest {
  @TempDir Path dir;

  @Test
  void readsQuotedFieldsIdsAndHeadersInAnyCase() throws IOException {
    Path p = new ReaderFixture(dir).write("a.csv", "ID, Review ,Label\nx1,\"multi\nline, with comma\",1\nx2,plain,\n\nx3,third,neg\n");
    assertThat(read(p, null)).extracting(Review::text, Review::label)
        .containsExactly(tuple("multi\nline, with comma", 1), tuple("plain", null), tuple("third", 0));
    assertThat(read(p, Format.CSV)).extracting(r -> r.origin().toString())
        .containsExactly(p + ", record 1", p + ", record 2", p + ", record 3");
  }

  @Test
  void idsComeFromAnIdColumnElseTheRecordNumber() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    assertThat(read(fx.write("i.csv", "id,text\nabc,fine\n"), null)).extracting(Review::id).containsExactly("abc");
    assertThat(read(fx.write("n.csv", "text\nfine\nok\n"), null)).extracting(Review::id).containsExactly("1", "2");
  }

  @Test
  void kaggleCsvRequiresALabelColumnAndTsvSplitsAtTabs() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Path kaggle = fx.write("k.csv", "review,sentiment\n\"great, really\",positive\n");
    assertThat(read(kaggle, Format.KAGGLE_CSV)).extracting(Review::text, Review::label).containsExactly(tuple("great, really", 1));
    Path noLabel = fx.write("nl.csv", "review\nfine\n");
    assertThat(error(noLabel, Format.KAGGLE_CSV))
        .isEqualTo(noLabel + ", line 1: expected a label column named \"sentiment\" or \"label\", found columns [review]");
    Path tsv = fx.write("t.tsv", "text\tlabel\na, b\t0\n");
    assertThat(read(tsv, null)).extracting(Review::text, Review::label).containsExactly(tuple("a, b", 0));
  }

  @Test
  void badRowsNameRecordAndLine() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Path shortRow = fx.write("s.csv", "text,label\nfine,1\nshort\n");
    assertThat(error(shortRow, null)).isEqualTo(shortRow + ", record 2 (line 3): expected a value in column \"label\", the row has 1 fields");
    Path badLabel = fx.write("b.csv", "text,label\nfine,meh\n");
    assertThat(error(badLabel, null)).isEqualTo(badLabel + ", record 1 (line 2): expected \"label\" to be 0, 1, neg, pos, negative or positive, found \"meh\"");
    Path named = fx.write("n.csv", "text,label\nfine,1\n");
    assertThat(error(named, null, ReadOptions.builder().textField("body").build()))
        .isEqualTo(named + ", line 1: expected a text column named \"body\", found columns [text, label]");
  }

  @Test
  void invalidUtf8IsBadInputNamingTheFileNotAnInputOutputError() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Path early = fx.write("u.csv", new byte[] {'t', 'e', 'x', 't', '\n', 'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThat(error(early, null)).isEqualTo(early + ": invalid UTF-8 (the file must be UTF-8 encoded)");
    byte[] late = ("text\n" + "fine review\n".repeat(2_000) + "x").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    late[late.length - 1] = (byte) 0xFF;
    Path far = fx.write("far.csv", late);
    assertThat(error(far, null)).startsWith(far + ", line ").endsWith(": invalid UTF-8 (the file must be UTF-8 encoded)");
  }

  @Test
  void skipBadSkipsBadRowsButNotAnUnbalancedQuote() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    SkipReport skips = new SkipReport();
    assertThat(ReaderFixture.readSkipping(fx.write("s.csv", "text,label\na,1\nb,9\nc,0\n"), null, skips)).containsExactly("a", "c");
    assertThat(skips.summary()).contains("record 2 (line 3)");
    Path quote = fx.write("q.csv", "text,label\na,1\n\"open,1\n");
    assertThat(error(quote, null, ReadOptions.builder().skipBad(true).build())).contains("unbalanced quote");
  }

  @Test
  void aHeaderOnlyFileHasNoReviews() throws IOException {
    assertThat(read(new ReaderFixture(dir).write("h.csv", "text,label\n"), null)).isEmpty();
  }
}
