package io.hardmax.datasets;

import static io.hardmax.datasets.ReaderFixture.error;
import static io.hardmax.datasets.ReaderFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aclimdb format (Maas et al.'s folder layout). */
class AclImdbReaderTest {
  @TempDir Path dir;

  @Test
  void readsTrainThenTestNegPosUnsupByNumericId() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    fx.write("acl/test/pos/3_9.txt", "test pos");
    fx.write("acl/train/unsup/0_0.txt", "unlabelled");
    fx.write("acl/train/pos/11_8.txt", "eleven");
    fx.write("acl/train/pos/2_7.txt", "two");
    fx.write("acl/train/pos/odd.txt", "no number");
    fx.write("acl/train/neg/5_1.txt", "five");
    fx.write("acl/train/neg/5_1.md", "not a review");
    fx.write("acl/README", "ignored");
    assertThat(read(dir.resolve("acl"), null)).extracting(Review::id, Review::label).containsExactly(
        tuple("train/neg/5_1", 0), tuple("train/pos/2_7", 1), tuple("train/pos/11_8", 1), tuple("train/pos/odd", 1),
        tuple("train/unsup/0_0", null), tuple("test/pos/3_9", 1));
  }

  @Test
  void onePartIsEnoughAndAFileIsRejected() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    fx.write("only/test/neg/1_2.txt", "bad");
    assertThat(read(dir.resolve("only"), Format.ACLIMDB)).extracting(Review::text).containsExactly("bad");
    Path file = fx.write("f.txt", "x");
    assertThat(error(file, Format.ACLIMDB)).isEqualTo(file + ": expected a folder for format aclimdb, found a file");
  }

  @Test
  void anEmptyLayoutHasNoReviews() throws IOException {
    new ReaderFixture(dir).write("e/train/pos/notes.md", "x");
    assertThat(read(dir.resolve("e"), null)).isEmpty();
  }
}
