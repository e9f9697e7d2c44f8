package io.hardmax.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format names, detection, and the contract every {@link ReviewReader} keeps. */
class FormatTest {
  @TempDir Path dir;

  /** A small valid input of each format of one file. */
  private static final Map<Format, String> SAMPLES = Map.of(
      Format.IMDB_JSON, "[{\"t\":\"good\",\"s\":1},{\"t\":\"bad\",\"s\":0}]",
      Format.KAGGLE_CSV, "review,sentiment\ngood,positive\nbad,negative\n",
      Format.CSV, "text,label,capability\ngood,1,plain\nbad,0,plain\n",
      Format.TSV, "text\tlabel\ngood\t1\nbad\t0\n",
      Format.JSONL, "{\"text\":\"good\",\"label\":1}\n{\"text\":\"bad\",\"label\":0}\n",
      Format.LABEL_TAB, "1\tgood\n0\tbad\n",
      Format.LINES, "good\nbad\n");

  @Test
  void namesRoundTripAndEveryReaderDescribesItself() {
    assertThat(Format.names()).isEqualTo("imdb-json, aclimdb, kaggle-csv, csv, tsv, jsonl, label-tab, text, lines");
    for (Format f : Format.values()) {
      assertThat(Format.parse(f.cliName())).isEqualTo(f);
      assertThat(Format.parse(f.cliName().toUpperCase(java.util.Locale.ROOT))).isEqualTo(f);
      assertThat(Format.isName(f.cliName())).isTrue();
      assertThat(f.reader().name()).isEqualTo(f.cliName());
      assertThat(f.reader().description()).isNotBlank();
    }
    assertThatThrownBy(() -> Format.parse("xml")).hasMessage("unknown format 'xml', expected one of " + Format.names());
  }

  @Test
  void detectionByLayoutExtensionAndFirstCharacter() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    fx.write("acl/train/unsup/1_0.txt", "x");
    fx.write("plain/a.txt", "x");
    fx.write("folder.json/a.txt", "x");
    assertThat(Format.detect(dir.resolve("acl"))).isEqualTo(Format.ACLIMDB);
    assertThat(Format.detect(dir.resolve("plain"))).isEqualTo(Format.TEXT);
    assertThat(Format.detect(dir.resolve("folder.json"))).isEqualTo(Format.TEXT);
    Map<String, Format> byName = Map.of("a.jsonl", Format.JSONL, "a.NDJSON", Format.JSONL, "a.json", Format.IMDB_JSON,
        "a.csv", Format.CSV, "a.tsv", Format.TSV, "a.Txt", Format.TEXT);
    for (var e : byName.entrySet()) {
      assertThat(Format.detect(fx.write(e.getKey(), "[ whatever"))).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(Format.detect(fx.write("b1", "\uFEFF \n [{}]"))).isEqualTo(Format.IMDB_JSON);
    assertThat(Format.detect(fx.write("b2", "\t{\"text\":\"x\"}"))).isEqualTo(Format.JSONL);
    assertThat(Format.detect(fx.write("b3.data", "plain words"))).isEqualTo(Format.LINES);
    assertThat(Format.detect(fx.write("b4", " \n "))).isEqualTo(Format.LINES);
    assertThat(Format.detect(fx.write("b5", ""))).isEqualTo(Format.LINES);
  }

  @Test
  void onlyExplicitFormatsAreNeverDetected() throws IOException {
    Path p = new ReaderFixture(dir).write("x.csv", "x");
    for (Format f : List.of(Format.KAGGLE_CSV, Format.LABEL_TAB)) {
      assertThat(f.reader().detects(p)).as(f.cliName()).isFalse();
      for (int c : new int[] {-1, '[', '{', 'a'}) {
        assertThat(f.reader().detectsFirstChar(c)).as(f.cliName()).isFalse();
      }
    }
  }

  @Test
  void everyFileFormatReadsAFileAndTheSameBytesAsAStreamAlike() throws IOException {
    ReaderFixture fx = new ReaderFixture(dir);
    for (Format f : Format.values()) {
      if (f.reader().input() != ReviewReader.Input.FILE) {
        continue;
      }
      assertThat(f.reader()).as(f.cliName()).isInstanceOf(StreamReviewReader.class);
      String sample = SAMPLES.get(f);
      assertThat(sample).as("a sample of " + f.cliName()).isNotNull();
      Path p = fx.write("sample-" + f.cliName(), sample);
      List<Review> fromFile = ReaderFixture.read(p, f);
      assertThat(fromFile).as(f.cliName()).extracting(Review::text).containsExactly("good", "bad");
      List<Review> fromStream;
      try (InputStream in = Files.newInputStream(p); Stream<Review> s = ReviewReaders.open(p.toString(), in, f, ReadOptions.defaults(), null)) {
        fromStream = s.toList();
      }
      assertThat(fromStream).as(f.cliName()).isEqualTo(fromFile);
      Path empty = fx.write("empty-" + f.cliName(), "");
      assertThat(ReaderFixture.error(empty, f)).isEqualTo(empty + ": the file is empty, expected " + f.reader().description());
    }
  }

  @Test
  void folderFormatsAreNotStreamsAndFileFormatsRejectFolders() throws IOException {
    Files.createDirectories(dir.resolve("d"));
    for (Format f : Format.values()) {
      ReviewReader.Input in = f.reader().input();
      if (in == ReviewReader.Input.FILE) {
        assertThat(ReaderFixture.error(dir.resolve("d"), f)).isEqualTo(dir.resolve("d") + ": expected a file for format " + f.cliName() + ", found a folder");
      } else {
        assertThat(f.reader()).as(f.cliName()).isNotInstanceOf(StreamReviewReader.class);
        assertThatThrownBy(() -> ReviewReaders.open("s", InputStream.nullInputStream(), f, ReadOptions.defaults(), null))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("format " + f.cliName() + " reads files and folders, not a stream: s");
      }
    }
  }
}
