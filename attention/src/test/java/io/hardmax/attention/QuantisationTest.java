package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16- and 8-bit embedding tables: the quantiser's error bound, save/load round trips that predict exactly as the
 * model quantised in memory and within a stated tolerance of float32, and exact explanations on the dequantised
 * weights.
 */
class QuantisationTest {
  /** Largest |logit(quantised) - logit(float32)| accepted on the toy model, per bit width (stated in the docs). */
  static final double TOLERANCE_16 = 1e-3;
  static final double TOLERANCE_8 = 5e-2;

  static final List<EmbeddingEncoding> QUANTISED = List.of(new EmbeddingEncoding(16, EmbeddingEncoding.Scale.ROW),
      new EmbeddingEncoding(16, EmbeddingEncoding.Scale.COLUMN), new EmbeddingEncoding(8, EmbeddingEncoding.Scale.ROW),
      new EmbeddingEncoding(8, EmbeddingEncoding.Scale.COLUMN));

  static SentimentModel trained;

  @BeforeAll
  static void train() {
    trained = ModelFixtures.trigramToy();
  }

  @Test
  void everyValueIsWithinHalfAStepOfItsScaleOnRandomTables() {
    long seed = new Random().nextLong();
    System.out.println("quantisation seed: " + seed);
    Random r = new Random(seed);
    int vocab = 50;
    int dim = 7;
    float[] w = new float[vocab * dim];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian()));
    }
    for (int c = 0; c < dim; c++) {
      w[3 * dim + c] = 0; // an all-zero row stays zero
    }
    for (EmbeddingEncoding e : QUANTISED) {
      StoredEmbeddings q = StoredEmbeddings.quantise(e, w, vocab, dim);
      float[] back = q.dequantise();
      assertThat(q.scales).hasSize(e.scale() == EmbeddingEncoding.Scale.ROW ? vocab : dim);
      for (int row = 0; row < vocab; row++) {
        for (int c = 0; c < dim; c++) {
          float scale = q.scales[e.scale() == EmbeddingEncoding.Scale.ROW ? row : c];
          int i = row * dim + c;
          // half a step, plus float32 rounding of the product
          assertThat((double) back[i]).as("seed %d, %s, [%d][%d]", seed, e, row, c)
              .isCloseTo(w[i], within(scale * 0.5 * (1 + 1e-5) + Math.ulp(w[i])));
        }
      }
      for (int c = 0; c < dim; c++) {
        assertThat(back[3 * dim + c]).isZero();
      }
      // the largest magnitude of each row or column is stored as +-qmax
      int max = 0;
      for (int i = 0; i < w.length; i++) {
        max = Math.max(max, Math.abs(e.bits() == 16 ? q.int16[i] : q.int8[i]));
      }
      assertThat(max).isEqualTo(e.qmax());
      assertThat(q.bytes()).isEqualTo((long) vocab * dim * e.bits() / 8 + 4L * q.scales.length);
    }
  }

  @Test
  void savedQuantisedModelsPredictAsInMemoryAndWithinToleranceOfFloat32(@TempDir Path dir) throws Exception {
    Path f32 = dir.resolve("f32.hmx");
    trained.save(f32);
    long size32 = Files.size(f32);
    long previous = size32;
    for (EmbeddingEncoding e : QUANTISED) {
      SentimentModel q = trained.withEmbeddingEncoding(e);
      assertThat(q.embeddingEncoding()).isEqualTo(e);
      assertThat(q.withEmbeddingEncoding(e)).isSameAs(q);
      Path file = dir.resolve(e.dtype() + "-" + e.scale() + ".hmx");
      q.save(file);
      SentimentModel back = SentimentModel.load(file);
      assertThat(back.embeddingEncoding()).isEqualTo(e);
      assertThat(back.embeddings()).isDeepEqualTo(q.embeddings());
      double tolerance = e.bits() == 16 ? TOLERANCE_16 : TOLERANCE_8;
      for (String text : ModelFixtures.TEXTS) {
        Explanation x = back.explain(text);
        assertThat(x.logit()).as("%s: %s", e, text).isEqualTo(q.explain(text).logit());
        assertThat(x.logit()).as("%s: %s", e, text).isCloseTo(trained.explain(text).logit(), within(tolerance));
        assertExactlyAdditive(x);
      }
      // writing a loaded model again gives the same bytes
      Path again = dir.resolve("again.hmx");
      back.save(again);
      assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
      assertThat(Files.size(file)).as("%s is smaller than float32", e).isLessThan(size32);
      if (e.bits() == 8 && e.scale() == EmbeddingEncoding.Scale.ROW) {
        assertThat(Files.size(file)).isLessThan(previous);
      }
      previous = Math.min(previous, Files.size(file));
    }
  }

  @Test
  void float32ModelsAreWrittenAsVersion2AndPredictBitForBit(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.hmx");
    trained.save(f);
    byte[] bytes = Files.readAllBytes(f);
    assertThat(bytes[8]).isEqualTo((byte) 2);
    SentimentModel back = SentimentModel.load(f);
    assertThat(back.embeddingEncoding()).isEqualTo(EmbeddingEncoding.FLOAT32);
    assertThat(back.vocabulary()).isEqualTo(trained.vocabulary());
    assertThat(back.vocabulary().hasTrigrams()).isTrue();
    for (String text : ModelFixtures.TEXTS) {
      assertThat(back.encode(text).ids()).isEqualTo(trained.encode(text).ids());
      assertThat(back.explain(text).logit()).isEqualTo(trained.explain(text).logit());
    }
  }

  @Test
  void badEncodingsAreRejectedWithOneLine(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> new EmbeddingEncoding(12, EmbeddingEncoding.Scale.ROW))
        .hasMessage("embedding bits must be 32, 16 or 8, found 12");
    assertThatThrownBy(() -> new EmbeddingEncoding(8, EmbeddingEncoding.Scale.NONE))
        .hasMessage("8-bit embeddings need a row or column scale, found none");
    assertThatThrownBy(() -> EmbeddingEncoding.of(8, "diagonal"))
        .hasMessage("embedding scale must be row or column, found 'diagonal'");
    SentimentModel q = trained.withEmbeddingEncoding(new EmbeddingEncoding(8, EmbeddingEncoding.Scale.ROW));
    StoredEmbeddings s = q.storedEmbeddings();
    Weights w = q.network().weights();
    ObjectNode h = ModelFile.header(q);
    ((ObjectNode) h.get("arrays").get(0)).put("dtype", "int16");
    Path wrongDtype = dir.resolve("dtype.hmx");
    FloatContainer.write(wrongDtype, ModelFile.FORMAT, h, new FloatContainer.Int8(s.int8),
        new FloatContainer.Float32(s.scales), new FloatContainer.Float32(w.dense));
    assertThatThrownBy(() -> SentimentModel.load(wrongDtype)).isInstanceOf(ModelFileException.class)
        .hasMessage(wrongDtype + ": array \"embeddings\" has dtype int16, the embedding encoding needs int8");
    ObjectNode h2 = ModelFile.header(q);
    ((ObjectNode) h2.get("embedding_encoding")).put("bits", 4);
    Path wrongBits = dir.resolve("bits.hmx");
    FloatContainer.write(wrongBits, ModelFile.FORMAT, h2, new FloatContainer.Int8(s.int8),
        new FloatContainer.Float32(s.scales), new FloatContainer.Float32(w.dense));
    assertThatThrownBy(() -> SentimentModel.load(wrongBits)).isInstanceOf(ModelFileException.class)
        .hasMessage(wrongBits + ": invalid model header (embedding bits must be 32, 16 or 8, found 4)");
    Path missingScales = dir.resolve("scales.hmx");
    FloatContainer.write(missingScales, ModelFile.FORMAT, ModelFile.header(q), new FloatContainer.Int8(s.int8),
        new FloatContainer.Float32(w.dense));
    assertThatThrownBy(() -> SentimentModel.load(missingScales)).isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith(missingScales + ": expected ").hasMessageEndingWith(" bytes of weights, found "
            + (s.int8.length + 4L * w.dense.length));
  }

  static void assertExactlyAdditive(Explanation e) {
    double sum = e.bias() + e.paddingContribution();
    for (TokenContribution t : e.tokens()) {
      sum += t.contribution();
    }
    assertThat(sum).isCloseTo(e.logit(), within(1e-6));
  }
}
