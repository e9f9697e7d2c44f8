package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.attention.EpochStats;
import io.hardmax.attention.HardmaxConfig;
import io.hardmax.attention.SentimentModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmax train}: checkpoints, {@code --resume}, {@code --stop-after} and the per-epoch lines. */
class TrainCommandTest {
  @TempDir static Path dir;
  static Path data;
  static final ObjectMapper JSON = new ObjectMapper();
  /** One epoch line: epoch, train loss, train acc, val softmax, val hardmax, seconds, eta (max) h:mm:ss. */
  static final String EPOCH_LINE =
      " *\\d+ +\\d+\\.\\d{4} +[01]\\.\\d{4} +[01]\\.\\d{4} +[01]\\.\\d{4} +\\d+\\.\\d +\\d+:\\d\\d:\\d\\d(  best)?";

  @BeforeAll
  static void setUp() throws Exception {
    StringBuilder sb = new StringBuilder();
    String[] pos = {"great", "superb", "loved", "wonderful"};
    String[] neg = {"awful", "boring", "worst", "waste"};
    for (int i = 0; i < 160; i++) {
      boolean p = i % 2 == 0;
      sb.append("{\"text\": \"the film was ").append((p ? pos : neg)[i % 4]).append(" and ").append((p ? pos : neg)[(i / 2) % 4])
          .append(i % 3 == 0 ? " plot" : "").append("\", \"label\": ").append(p ? 1 : 0).append("}\n");
    }
    data = dir.resolve("train.jsonl");
    Files.writeString(data, sb.toString());
  }

  static MainTest.Run train(Path out, String... extra) {
    return train(data, out, "0.05", extra);
  }

  static MainTest.Run train(Path trainData, Path out, String lr, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", trainData.toString(), "--out", out.toString(), "--epochs",
        "4", "--dim", "4", "--max-length", "16", "--bigrams", "0", "--threads", "2", "--lr", lr, "--min-count", "1",
        "--patience", "4", "--hardmax-epochs", "1", "--batch", "16"));
    args.addAll(Arrays.asList(extra));
    return MainTest.run(args.toArray(new String[0]));
  }

  static List<String> epochLines(String err) {
    return err.lines().filter(l -> l.matches(EPOCH_LINE)).toList();
  }

  @Test
  void stopAndResumeGivesTheStraightModelBitForBitAndDeletesTheCheckpoint() throws Exception {
    Path a = dir.resolve("straight.hmx");
    MainTest.Run straight = train(a);
    assertThat(straight.code()).as(straight.err()).isZero();
    assertThat(dir.resolve("straight.hmx.ckpt")).as("deleted after the final save").doesNotExist();
    List<String> lines = epochLines(straight.err());
    assertThat(lines).as(straight.err()).hasSize(4);
    assertThat(straight.err().lines()).contains(EpochLog.HEADER);
    assertThat(lines.get(3)).matches(".* 0:00:00(  best)?");

    Path b = dir.resolve("sliced.hmx");
    Path ck = dir.resolve("sliced.ckpt");
    MainTest.Run first = train(b, "--checkpoint", ck.toString(), "--stop-after", "2");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err()).contains("stopped after epoch 2 as asked; " + ck + " holds the run, continue it with --resume");
    assertThat(epochLines(first.err())).hasSize(2);
    assertThat(b).doesNotExist();
    assertThat(ck).exists();
    MainTest.Run rest = train(b, "--checkpoint", ck.toString(), "--resume");
    assertThat(rest.code()).as(rest.err()).isZero();
    assertThat(rest.err()).contains("resuming from " + ck);
    assertThat(epochLines(rest.err())).hasSize(2).allMatch(l -> l.strip().startsWith("3 ") || l.strip().startsWith("4 "));
    assertThat(ck).doesNotExist();

    SentimentModel ma = SentimentModel.load(a);
    SentimentModel mb = SentimentModel.load(b);
    assertThat(mb.embeddings()).isEqualTo(ma.embeddings());
    assertThat(mb.readout()).isEqualTo(ma.readout());
    assertThat(mb.alphas()).isEqualTo(ma.alphas());
    assertThat(mb.readoutBias()).isEqualTo(ma.readoutBias());
    JsonNode la = JSON.readTree(dir.resolve("straight.hmx.log.json").toFile());
    JsonNode lb = JSON.readTree(dir.resolve("sliced.hmx.log.json").toFile());
    assertThat(lb.get("epochs")).hasSize(4);
    assertThat(lb.get("best_epoch")).isEqualTo(la.get("best_epoch"));
    for (int e = 0; e < 4; e++) {
      assertThat(lb.get("epochs").get(e).get("trainLoss")).isEqualTo(la.get("epochs").get(e).get("trainLoss"));
    }
  }

  @Test
  void badCheckpointsAreOneLineExitTwo() throws Exception {
    Path out = dir.resolve("bad.hmx");
    Path ck = dir.resolve("bad.hmx.ckpt");
    MainTest.Run first = train(out, "--stop-after", "1");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(ck).exists();

    MainTest.Run otherLr = train(data, out, "0.06", "--resume");
    assertThat(otherLr.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(lastLine(otherLr.err())).isEqualTo("hardmax: " + ck + ": the checkpoint was written with another configuration "
        + "(checkpoint learningRate=0.05, this run learningRate=0.06); resume with the same settings or start over");
    assertThat(otherLr.err()).doesNotContain("\tat ");

    Path otherData = dir.resolve("other.jsonl");
    Files.writeString(otherData, Files.readString(data).replace("superb", "splendid"));
    MainTest.Run od = train(otherData, out, "0.05", "--resume");
    assertThat(od.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(lastLine(od.err())).startsWith("hardmax: " + ck + ": the checkpoint was written for other training data");

    byte[] bytes = Files.readAllBytes(ck);
    Files.write(ck, Arrays.copyOf(bytes, bytes.length - 7));
    MainTest.Run trunc = train(out, "--resume");
    assertThat(trunc.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(lastLine(trunc.err())).isEqualTo("hardmax: " + ck + ": corrupted or truncated checkpoint (SHA-256 checksum does not match)");

    Path none = dir.resolve("none.ckpt");
    MainTest.Run missing = train(out, "--resume", "--checkpoint", none.toString());
    assertThat(missing.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(lastLine(missing.err())).isEqualTo("hardmax: " + none + ": no checkpoint to resume from (no such file)");
    assertThat(out).doesNotExist();

    MainTest.Run zero = train(out, "--stop-after", "0");
    assertThat(zero.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(zero.err().strip()).isEqualTo("hardmax: --stop-after must be >= 1, was 0");
  }

  @Test
  void trigramsAndEightBitEmbeddingsGoIntoTheModelFileAndTheLog() throws Exception {
    Path out = dir.resolve("tri8.hmx");
    MainTest.Run r = MainTest.run("train", "--data", data.toString(), "--out", out.toString(), "--epochs", "2", "--dim", "4",
        "--max-length", "16", "--threads", "2", "--lr", "0.05", "--min-count", "1", "--batch", "16", "--bigrams", "20",
        "--bigram-min-count", "2", "--trigrams", "20", "--trigram-min-count", "2", "--embedding-bits", "8",
        "--embedding-scale", "column");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).containsPattern("embeddings stored as int8 with a per-column scale: validation accuracy [01]\\.\\d{4} "
        + "\\(hardmax\\), [01]\\.\\d{4} in float32");
    SentimentModel m = SentimentModel.load(out);
    assertThat(m.embeddingEncoding().toString()).isEqualTo("int8 with a per-column scale");
    assertThat(m.vocabulary().hasTrigrams()).isTrue();
    assertThat(m.vocabulary().token(m.vocabulary().trigramStart())).matches("[a-z]+_[a-z]+_[a-z]+");
    JsonNode log = JSON.readTree(dir.resolve("tri8.hmx.log.json").toFile());
    assertThat(log.get("embedding_encoding").asText()).isEqualTo("int8 with a per-column scale");
    assertThat(log.get("model_bytes").asLong()).isEqualTo(Files.size(out));
    assertThat(log.get("validation_accuracy_hardmax_stored").asDouble()).isBetween(0.0, 1.0);
    assertThat(log.get("vocabulary").asText()).contains("trigrams=true", "trigramMinCount=2", "trigramMaxSize=20");

    MainTest.Run bad = train(dir.resolve("bad.hmx"), "--embedding-bits", "4");
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err().strip()).isEqualTo("hardmax: embedding bits must be 32, 16 or 8, found 4");
    MainTest.Run badScale = train(dir.resolve("bad.hmx"), "--embedding-bits", "8", "--embedding-scale", "diagonal");
    assertThat(badScale.err().strip()).isEqualTo("hardmax: embedding scale must be row or column, found 'diagonal'");
    assertThat(dir.resolve("bad.hmx")).doesNotExist();
  }

  @Test
  void architectureOptionsAreValidatedTogetherNotOneByOne() throws Exception {
    // The default preset uses windowed attention, which needs pooling by real tokens or distinct words; the options are applied to
    // one builder, so all-positions pooling with global attention is accepted whatever order the options come in.
    Path out = dir.resolve("global-all.hmx");
    MainTest.Run r = train(out, "--pooling", "all-positions", "--word-order", "global");
    assertThat(r.code()).as(r.err()).isZero();
    HardmaxConfig c = SentimentModel.load(out).config();
    assertThat(c.pooling()).isEqualTo(HardmaxConfig.Pooling.ALL_POSITIONS);
    assertThat(c.wordOrder()).isEqualTo(HardmaxConfig.WordOrder.GLOBAL);

    MainTest.Run bad = train(dir.resolve("window-all.hmx"), "--pooling", "all-positions");
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err().strip())
        .isEqualTo("hardmax: word order WINDOW needs pooling REAL_TOKENS or DISTINCT_WORDS (padding has no position)");
  }

  @Test
  void epochLineAndDurationFormats() {
    EpochStats s = new EpochStats(3, 0.41234, 0.8125, 0.75, 0.7625, 0.5, 12.34, false);
    assertThat(EpochLog.line(s, 3725.2, true)).isEqualTo("     3     0.4123     0.8125       0.7500       0.7625     12.3   1:02:06  best");
    assertThat(EpochLog.line(s, 3725.2, true)).matches(EPOCH_LINE);
    assertThat(EpochLog.duration(0)).isEqualTo("0:00:00");
    assertThat(EpochLog.duration(59.01)).isEqualTo("0:01:00");
    assertThat(EpochLog.duration(-3)).isEqualTo("0:00:00");
  }

  static String lastLine(String s) {
    List<String> l = s.strip().lines().toList();
    return l.get(l.size() - 1);
  }

  @Test
  void wordOrderOptionsReachTheModelFile() throws Exception {
    Path out = dir.resolve("window.hmx");
    MainTest.Run r = train(out, "--word-order", "window", "--window", "2", "--two-channel", "true");
    assertThat(r.code()).as(r.err()).isZero();
    SentimentModel m = SentimentModel.load(out);
    assertThat(m.config().wordOrder()).isEqualTo(io.hardmax.attention.HardmaxConfig.WordOrder.WINDOW);
    assertThat(m.config().window()).isEqualTo(2);
    assertThat(m.config().twoChannel()).isTrue();
    MainTest.Run bad = train(dir.resolve("bad-order.hmx"), "--word-order", "diagonal");
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("--word-order must be global, distance, window or sentence, was 'diagonal'");
    MainTest.Run noWindow = train(dir.resolve("no-window.hmx"), "--word-order", "window", "--window", "0");
    assertThat(noWindow.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(noWindow.err()).contains("window must be in [1, 100000] for windowed attention, was 0");
  }

  @Test
  void negationGateAndDistinctPoolingReachTheModelFile() throws Exception {
    Path out = dir.resolve("gate.hmx");
    MainTest.Run r = train(out, "--word-order", "window", "--window", "2", "--negation-gate", "true", "--pooling",
        "distinct-words");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("hardmax: gate 1 - 2 sigmoid(U e + c) of each operator word for the word next to it");
    SentimentModel m = SentimentModel.load(out);
    assertThat(m.config().negationGate()).isTrue();
    assertThat(m.config().pooling()).isEqualTo(io.hardmax.attention.HardmaxConfig.Pooling.DISTINCT_WORDS);
    MainTest.Run bad = train(dir.resolve("bad-pooling.hmx"), "--pooling", "median");
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("--pooling must be one of all-positions, real-tokens, distinct-words, was 'median'");
    assertThat(dir.resolve("bad-pooling.hmx")).doesNotExist();
  }

  @Test
  void validationBlocksDrawWholeRunsAndAreLogged() throws Exception {
    Path out = dir.resolve("blocks.hmx");
    MainTest.Run r = train(out, "--validation-blocks", "8");
    assertThat(r.code()).as(r.err()).isZero();
    // 80 reviews per label, 8 asked: one whole block of 8 per label
    assertThat(r.err()).contains("hardmax: training on 144 reviews, validating on 16 drawn as blocks of 8 (seed 20261122, 2 threads)");
    JsonNode log = JSON.readTree(dir.resolve("blocks.hmx.log.json").toFile());
    assertThat(log.get("validation_drawn_as").asText()).isEqualTo("blocks of 8");
    MainTest.Run plain = train(dir.resolve("plain.hmx"));
    assertThat(plain.err()).contains("validating on 16 drawn as reviews (seed");
    MainTest.Run bad = train(dir.resolve("bad-blocks.hmx"), "--validation-blocks", "-1");
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err().strip()).isEqualTo("hardmax: --validation-blocks must be >= 0, was -1");
    assertThat(dir.resolve("bad-blocks.hmx")).doesNotExist();
  }

  @Test
  void valueMapAndHeadsOptionsReachTheModelFile() throws Exception {
    Path out = dir.resolve("heads.hmx");
    MainTest.Run r = train(out, "--word-order", "distance", "--distance-init", "0.05", "--value-map", "true", "--heads", "2");
    assertThat(r.code()).as(r.err()).isZero();
    SentimentModel m = SentimentModel.load(out);
    assertThat(m.config().valueMap()).isTrue();
    assertThat(m.config().heads()).isEqualTo(2);
    assertThat(m.distanceSlopes()).hasSize(2);
    MainTest.Run bad = train(dir.resolve("bad-heads.hmx"), "--word-order", "global", "--heads", "2");
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("heads > 1 needs per-head score parameters that start apart");
    assertThat(dir.resolve("bad-heads.hmx")).doesNotExist();
  }
}
