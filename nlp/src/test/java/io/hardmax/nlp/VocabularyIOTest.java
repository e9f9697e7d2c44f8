package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyIOTest {

  static final Vocabulary WITH_BIGRAMS = new Vocabulary(
      List.of("<pad>", "<unk>", "the", "café", "😀", "say \"hi\"\n", "not_good"), 6);

  @Test
  void roundTripThroughAFile(@TempDir Path dir) {
    Path file = dir.resolve("sub/vocab.json");
    VocabularyIO.save(WITH_BIGRAMS, file);
    Vocabulary back = VocabularyIO.load(file);
    assertThat(back).isEqualTo(WITH_BIGRAMS);
    assertThat(back.bigramStart()).isEqualTo(6);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void trigramsAreWrittenAsVersion2AndReadBack() throws IOException {
    Vocabulary v = new Vocabulary(List.of("<pad>", "<unk>", "not", "good", "not_good", "not_very_good"), 4, 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VocabularyIO.write(v, out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "{\"format\":\"hardmax-vocabulary\",\"version\":2,\"bigramStart\":4,\"trigramStart\":5,"
            + "\"tokens\":[\"<pad>\",\"<unk>\",\"not\",\"good\",\"not_good\",\"not_very_good\"]}");
    Vocabulary back = read(out.toString(StandardCharsets.UTF_8));
    assertThat(back).isEqualTo(v);
    assertThat(back.trigramStart()).isEqualTo(5);
    assertThat(back.trigramId("not", "very", "good")).isEqualTo(5);
    assertThat(back.isTrigram(5)).isTrue();
    assertThat(back.isBigram(5)).isFalse();
    assertThat(back.bigramCount()).isEqualTo(1);
  }

  @Test
  void goldenJson() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VocabularyIO.write(new Vocabulary(List.of("<pad>", "<unk>", "a")), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "{\"format\":\"hardmax-vocabulary\",\"version\":1,\"bigramStart\":3,\"tokens\":[\"<pad>\",\"<unk>\",\"a\"]}");
  }

  @Test
  void malformedInputNamesTheSourceAndTheExpectation() {
    assertThatThrownBy(() -> read("{\"format\":\"hardmax-vocabulary\",\"version\":1,\"bigramStart\":2,"
        + "\"tokens\":[\"<pad>\",\"<unk>\",\"x\",\"x\"]}"))
        .isInstanceOf(NlpException.class).hasMessageContaining("v.json: duplicate vocabulary entry 'x' at id 3");
    assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(NlpException.class)
        .hasMessage("v.json: expected a JSON object with \"format\": \"hardmax-vocabulary\", found array");
    assertThatThrownBy(() -> read("{\"format\":\"hardmax-vocabulary\",\"version\":3}"))
        .isInstanceOf(NlpException.class).hasMessage("v.json: expected vocabulary \"version\": 1 or 2, found 3");
    assertThatThrownBy(() -> read("{\"format\":\"hardmax-vocabulary\",\"version\":2,\"bigramStart\":2,"
        + "\"tokens\":[\"<pad>\",\"<unk>\"]}")).isInstanceOf(NlpException.class)
        .hasMessage("v.json: expected an integer \"trigramStart\" in vocabulary version 2, found null");
    assertThatThrownBy(() -> read("{\"format\":\"hardmax-vocabulary\",\"version\":2,\"bigramStart\":3,"
        + "\"trigramStart\":2,\"tokens\":[\"<pad>\",\"<unk>\",\"a\"]}")).isInstanceOf(NlpException.class)
        .hasMessage("v.json: trigramStart must be in [3, 3], found 2");
    assertThatThrownBy(() -> read("{\"format\": ")).isInstanceOf(NlpException.class)
        .hasMessageStartingWith("v.json: not valid JSON at line 1");
    assertThatThrownBy(() -> read("")).isInstanceOf(NlpException.class).hasMessageStartingWith("v.json: expected");
    assertThatThrownBy(() -> read("{\"format\":\"hardmax-vocabulary\",\"version\":1,\"bigramStart\":9,"
        + "\"tokens\":[\"<pad>\",\"<unk>\"]}")).isInstanceOf(NlpException.class)
        .hasMessage("v.json: bigramStart must be in [2, 2], found 9");
    assertThatThrownBy(() -> read("{\"format\":\"hardmax-vocabulary\",\"version\":1,\"bigramStart\":2,"
        + "\"tokens\":[\"<pad>\",\"<unk>\",3]}")).isInstanceOf(NlpException.class)
        .hasMessage("v.json: tokens[2]: expected a non-empty string, found 3");
  }

  @Test
  void missingFileAndDirectory(@TempDir Path dir) {
    assertThatThrownBy(() -> VocabularyIO.load(dir.resolve("none.json"))).isInstanceOf(NlpException.class)
        .hasMessageEndingWith("expected a vocabulary file, found nothing");
    assertThatThrownBy(() -> VocabularyIO.load(dir)).isInstanceOf(NlpException.class)
        .hasMessageEndingWith("expected a vocabulary file, found a directory");
  }

  private static Vocabulary read(String json) throws IOException {
    return VocabularyIO.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "v.json");
  }
}
