package io.hardmax.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.attention.TokenContribution;
import io.hardmax.datasets.DataDir;
import io.hardmax.datasets.DatasetSpec;
import io.hardmax.datasets.ImdbFetcher;
import io.hardmax.datasets.ReadOptions;
import io.hardmax.datasets.Review;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline stage on a local[2] session: equality with SentimentModel, malformed rows, save and load. */
class HardmaxSentimentTest {
  static SparkSession spark;
  static SentimentModel model;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("local[2]", "HardmaxSentimentTest");
    model = SentimentModel.loadDefault();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static final StructType TEXTS = new StructType().add("id", DataTypes.StringType, false).add("text", DataTypes.StringType, true);

  static Dataset<Row> texts(List<String[]> rows) {
    List<Row> r = new ArrayList<>();
    for (String[] x : rows) {
      r.add(RowFactory.create(x[0], x[1]));
    }
    return spark.createDataFrame(r, TEXTS);
  }

  /** Every output column of a row equals the model's explanation, bit for bit. */
  static void assertSameAsModel(Row r, Explanation e) {
    String id = r.getString(r.fieldIndex("id"));
    assertThat(r.isNullAt(r.fieldIndex("error"))).as(id).isTrue();
    assertThat(r.getInt(r.fieldIndex("label"))).as(id).isEqualTo(e.label());
    assertThat(Double.doubleToRawLongBits(r.getDouble(r.fieldIndex("probability")))).as(id)
        .isEqualTo(Double.doubleToRawLongBits(e.probability()));
    assertThat(Double.doubleToRawLongBits(r.getDouble(r.fieldIndex("logit")))).as(id).isEqualTo(Double.doubleToRawLongBits(e.logit()));
    assertThat(r.getDouble(r.fieldIndex("bias"))).as(id).isEqualTo(e.bias());
    assertThat(r.getDouble(r.fieldIndex("padding_contribution"))).as(id).isEqualTo(e.paddingContribution());
    assertThat(r.<String>getList(r.fieldIndex("leaders"))).as(id).isEqualTo(ClassifyPartition.leaders(e));
    List<Row> tokens = r.getList(r.fieldIndex("tokens"));
    assertThat(tokens).as(id).hasSize(e.tokens().size());
    for (int i = 0; i < tokens.size(); i++) {
      Row t = tokens.get(i);
      TokenContribution c = e.tokens().get(i);
      assertThat(new TokenContribution(t.getString(0), t.getInt(1), t.getInt(2), t.getInt(3), t.getDouble(4), t.getDouble(5)))
          .as(id + " token " + i).isEqualTo(c);
    }
  }

  @Test
  @Tag("imdb")
  void equalsSentimentModelBitForBitOn1000ImdbTestReviewsWhateverThePartitioning() throws Exception {
    Path dataDir = DataDir.resolve(null);
    new ImdbFetcher(dataDir).fetch(System.out::println);
    List<Review> test = DatasetSpec.parse("imdb:test").readAll(ReadOptions.defaults(), null, dataDir);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < test.size() && rows.size() < 1000; i += 25) { // every 25th: 1,000 reviews of both labels
      Review r = test.get(i);
      rows.add(new String[] {r.id(), r.text()});
    }
    Map<String, Explanation> expected = new ConcurrentHashMap<>();
    rows.parallelStream().forEach(r -> expected.put(r[0], model.explain(r[1])));
    assertThat(rows).hasSize(1000);
    Dataset<Row> df = texts(rows);
    int decodes = ExecutorModels.decodes();
    HardmaxSentiment stage = new HardmaxSentiment();
    for (int partitions : new int[] {1, 3, 8}) {
      List<Row> out = stage.transform(df.repartition(partitions)).collectAsList();
      assertThat(out).as(partitions + " partitions").hasSize(1000);
      assertThat(out.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(1000);
      for (Row r : out) {
        assertSameAsModel(r, expected.get(r.getString(0)));
      }
    }
    // the model is decoded once per JVM (here driver and executor are one), not per partition: 12 tasks above
    assertThat(ExecutorModels.decodes() - decodes).isLessThanOrEqualTo(1);
    ModelBytes bundled = ModelBytes.read(ModelBytes.BUNDLED, spark.sparkContext().hadoopConfiguration());
    assertThat(ExecutorModels.get(bundled).encodersBuilt()).as("tokenizers: one per task thread, fewer than the 12 tasks")
        .isLessThan(12);
  }

  @Test
  void malformedRowsGetTheirReasonAndNoDecision() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.BinaryType, true);
    List<Row> rows = List.of(
        RowFactory.create("good", "A wonderful, moving film. The acting is superb.".getBytes(StandardCharsets.UTF_8)),
        RowFactory.create("blank", "  \n ".getBytes(StandardCharsets.UTF_8)),
        RowFactory.create("missing", null),
        RowFactory.create("long", "x".repeat(61).getBytes(StandardCharsets.UTF_8)),
        RowFactory.create("nul", "bad\0text".getBytes(StandardCharsets.UTF_8)),
        RowFactory.create("latin1", new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', 'o', 'k'}));
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    Map<String, Row> out = new HashMap<>();
    for (Row r : new HardmaxSentiment().setMaxReviewChars(60).transform(df).collectAsList()) {
      out.put(r.getString(0), r);
    }
    assertThat(out).hasSize(6);
    assertSameAsModel(out.get("good"), model.explain("A wonderful, moving film. The acting is superb."));
    Map<String, String> reasons = new HashMap<>();
    for (String id : List.of("blank", "missing", "long", "nul", "latin1")) {
      Row r = out.get(id);
      reasons.put(id, r.getString(r.fieldIndex("error")));
      assertThat(r.isNullAt(r.fieldIndex("label"))).as(id).isTrue();
      assertThat(r.isNullAt(r.fieldIndex("tokens"))).as(id).isTrue();
    }
    assertThat(reasons).containsEntry("blank", "empty review text").containsEntry("missing", "missing review text")
        .containsEntry("nul", "binary data (NUL byte), expected text")
        .containsEntry("latin1", "invalid UTF-8 at byte 3, expected UTF-8 text")
        .containsEntry("long", "review of 61 chars is longer than the limit of 60 (raise it with --max-review-chars)");

  }

  @Test
  void aPipelineWithTheStageIsSavedLoadedAndGivesTheSameOutput(@TempDir Path dir) throws Exception {
    Dataset<Row> df = texts(List.of(new String[] {"a", "Boring and far too long; a waste of money."},
        new String[] {"b", "A wonderful, moving film. The acting is superb."},
        new String[] {"c", "  "}));
    HardmaxSentiment stage = new HardmaxSentiment().setInputCol("review").setLabelCol("sentiment").setExplain(false);
    SQLTransformer rename = new SQLTransformer().setStatement("SELECT id, text AS review FROM __THIS__");
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {rename, stage}).fit(df);
    List<Row> before = fitted.transform(df).orderBy("id").collectAsList();
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    List<Row> after = loaded.transform(df).orderBy("id").collectAsList();
    assertThat(after).isEqualTo(before);
    assertThat(before.get(0).getInt(before.get(0).fieldIndex("sentiment"))).isEqualTo(model.explain("Boring and far too long; a waste of money.").label());
    assertThat(before.get(0).schema().fieldNames()).containsExactly("id", "review", "sentiment", "probability", "logit", "leaders", "error");

    HardmaxSentiment reloaded = (HardmaxSentiment) loaded.stages()[1];
    assertThat(reloaded.uid()).isEqualTo(stage.uid());
    assertThat(reloaded.getInputCol()).isEqualTo("review");
    assertThat(reloaded.getExplain()).isFalse();
    // the saved stage holds the model file itself, and the loaded stage reads that copy
    Path saved = Path.of(reloaded.getModelPath().replaceFirst("^file:", ""));
    assertThat(saved).startsWith(dir);
    try (var in = SentimentModel.class.getResourceAsStream(SentimentModel.DEFAULT_RESOURCE)) {
      assertThat(Files.readAllBytes(saved)).isEqualTo(in.readAllBytes());
    }
    // a single stage on its own, too
    stage.save(dir.resolve("stage").toString());
    assertThat(HardmaxSentiment.load(dir.resolve("stage").toString()).getLabelCol()).isEqualTo("sentiment");
  }

  @Test
  void aMissingOrNonTextInputColumnIsRefusedWithTheColumnsNamed() {
    Dataset<Row> df = texts(List.<String[]>of(new String[] {"a", "fine"}));
    assertThatThrownBy(() -> new HardmaxSentiment().setInputCol("review").transform(df))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("HardmaxSentiment: input column 'review' not found; the columns are id, text");
    assertThatThrownBy(() -> new HardmaxSentiment().setLabelCol("id").transform(df))
        .hasMessage("HardmaxSentiment: output column 'id' already exists");
    assertThatThrownBy(() -> new HardmaxSentiment().setModelPath("/no/such/model.hmx").transform(df))
        .isInstanceOf(SparkUserException.class).hasMessage("/no/such/model.hmx: no such model file");
  }
}
