package io.hardmax.datasets;

import static io.hardmax.datasets.ReaderFixture.error;
import static io.hardmax.datasets.ReaderFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label-tab format (label TAB text per line). */
class LabelTabReaderTest {
  @TempDir Path dir;

  @Test
  void readsLabelThenTextKeepingFurtherTabsInTheText() throws IOException {
    Path p = new ReaderFixture(dir).write("a.txt", "pos\tgreat\tfun\r\n\n0\tdull\n");
    assertThat(read(p, Format.LABEL_TAB)).extracting(Review::id, Review::text, Review::label)
        .containsExactly(tuple("1", "great\tfun", 1), tuple("3", "dull", 0));
  }

  @Test
  void badLinesNameTheLine() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    Path noTab = fx.write("n.txt", "1\tok\njust text\n");
    assertThat(error(noTab, Format.LABEL_TAB)).isEqualTo(noTab + ", line 2: expected label<TAB>text, found no tab");
    Path badLabel = fx.write("b.txt", "maybe\tok\n");
    assertThat(error(badLabel, Format.LABEL_TAB)).isEqualTo(badLabel + ", line 1: expected a label of 0, 1, neg, pos, negative or positive, found \"maybe\"");
    Path empty = fx.write("e.txt", "1\t  \n");
    assertThat(error(empty, Format.LABEL_TAB)).isEqualTo(empty + ", line 1: empty review text");
    Path nul = fx.write("z.txt", "1\tok\u0000\n");
    assertThat(error(nul, Format.LABEL_TAB, ReadOptions.builder().skipBad(true).build()))
        .isEqualTo(nul + ", line 1: binary data (NUL byte), expected text");
  }

  @Test
  void skipBadSkipsLinesWithoutATab() throws IOException {
    SkipReport skips = new SkipReport();
    assertThat(ReaderFixture.readSkipping(new ReaderFixture(dir).write("s.txt", "1\ta\nb\n0\tc\n"), Format.LABEL_TAB, skips))
        .containsExactly("a", "c");
    assertThat(skips.count()).isOne();
  }

  @Test
  void blankLinesOnlyGiveNoReviews() throws IOException {
    assertThat(read(new ReaderFixture(dir).write("blank.txt", "\n\n"), Format.LABEL_TAB)).isEmpty();
  }
}
