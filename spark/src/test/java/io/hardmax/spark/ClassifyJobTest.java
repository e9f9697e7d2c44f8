package io.hardmax.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.attention.TokenContribution;
import io.hardmax.eval.metrics.BinaryMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch jobs (classify and evaluate) in-process on a local[2,2] session: two task threads, and a failed task is tried once more (local
 * mode ignores spark.task.maxFailures and takes the retries from the master URL; both are set).
 */
class ClassifyJobTest {
  static SparkSession spark;
  static SentimentModel model;
  static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicInteger INJECTED = new AtomicInteger();

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2,2]").appName("ClassifyJobTest").config("spark.task.maxFailures", "2")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    model = SentimentModel.loadDefault();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static List<JsonNode> readJsonl(Path dir) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }

  @Test
  void writesJsonlAndParquetWithTheDocumentedSchemaThatPlainReadersReadBack(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("reviews");
    Files.createDirectories(in.resolve("sub"));
    Map<String, String> texts = new HashMap<>();
    try (Stream<Path> s = Files.list(Path.of("../docs/examples/reviews"))) {
      for (Path p : s.toList()) {
        Files.copy(p, in.resolve(p.getFileName()));
        texts.put(p.getFileName().toString().replace(".txt", ""), Files.readString(p));
      }
    }
    Files.writeString(in.resolve("sub/extra.txt"), "Not bad at all, I would watch it again.");
    texts.put("sub/extra", "Not bad at all, I would watch it again.");

    ClassifyJob.Result r = ClassifyJob.run(spark, new ClassifyJob.Options(in.toString(), tmp.resolve("out-jsonl").toString(),
        "jsonl", null, null, null, ModelBytes.BUNDLED, 1_000_000, false, true, 0));
    assertThat(r.inputRows()).isEqualTo(texts.size());
    assertThat(r.outputRows()).isEqualTo(texts.size());
    assertThat(r.errorRows()).isZero();
    List<JsonNode> rows = readJsonl(tmp.resolve("out-jsonl"));
    assertThat(rows).hasSize(texts.size());
    for (JsonNode n : rows) {
      String id = n.get("id").asText();
      Explanation e = model.explain(texts.get(id));
      List<String> fields = new ArrayList<>();
      n.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).as(id).containsExactly("id", "label", "probability", "logit", "bias", "padding_contribution", "leaders", "tokens");
      assertThat(n.get("label").asInt()).isEqualTo(e.label());
      assertThat(n.get("probability").asDouble()).isEqualTo(e.probability());
      assertThat(n.get("logit").asDouble()).isEqualTo(e.logit());
      assertThat(n.get("bias").asDouble()).isEqualTo(e.bias());
      List<String> leaders = new ArrayList<>();
      n.get("leaders").forEach(x -> leaders.add(x.asText()));
      assertThat(leaders).isEqualTo(ClassifyPartition.leaders(e));
      assertThat(n.get("tokens")).hasSize(e.tokens().size());
      for (int i = 0; i < e.tokens().size(); i++) {
        JsonNode t = n.get("tokens").get(i);
        List<String> tf = new ArrayList<>();
        t.fieldNames().forEachRemaining(tf::add);
        assertThat(tf).containsExactly("text", "begin", "end", "leader", "contribution", "contribution_alone");
        assertThat(new TokenContribution(t.get("text").asText(), t.get("begin").asInt(), t.get("end").asInt(), t.get("leader").asInt(),
            t.get("contribution").asDouble(), t.get("contribution_alone").asDouble())).isEqualTo(e.tokens().get(i));
      }
    }

    ClassifyJob.run(spark, ClassifyJob.Options.of(in.toString(), tmp.resolve("out-parquet").toString()));
    Dataset<Row> pq = spark.read().parquet(tmp.resolve("out-parquet").toString());
    assertThat(pq.schema().fieldNames()).containsExactly("id", "label", "probability", "logit", "bias", "padding_contribution",
        "leaders", "tokens", "error");
    StructField tokens = pq.schema().apply("tokens");
    assertThat(tokens.dataType().simpleString())
        .isEqualTo("array<struct<text:string,begin:int,end:int,leader:int,contribution:double,contribution_alone:double>>");
    Row great = pq.filter(col("id").equalTo("great-film")).first();
    assertThat(great.getDouble(2)).isEqualTo(model.explain(texts.get("great-film")).probability());

    // nothing but the two output folders beside the input: the temporary folders were renamed
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("out-jsonl", "out-parquet", "reviews");
    }
    assertThatThrownBy(() -> ClassifyJob.run(spark, ClassifyJob.Options.of(in.toString(), tmp.resolve("out-jsonl").toString())))
        .isInstanceOf(SparkUserException.class).hasMessageEndingWith("out-jsonl: already exists; choose a new --output folder");
  }

  @Test
  void everyRowIsWrittenExactlyOnceWhenATaskFailsAndIsRetried(@TempDir Path tmp) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String text = "review " + i + (i % 2 == 0 ? ": a wonderful film" : ": a waste of money");
      rows.add(RowFactory.create("r" + i, text.getBytes(StandardCharsets.UTF_8), null, null));
    }
    UDF1<byte[], byte[]> failOnce = t -> {
      if (TaskContext.get().attemptNumber() == 0 && new String(t, StandardCharsets.UTF_8).startsWith("review 17:")) {
        INJECTED.incrementAndGet();
        throw new IllegalStateException("injected failure of the first attempt of the task holding review 17");
      }
      return t;
    };
    Dataset<Row> df = spark.createDataFrame(rows, Inputs.SHAPE).repartition(4)
        .withColumn("text", udf(failOnce, DataTypes.BinaryType).apply(col("text")));
    ClassifyJob.Result r = ClassifyJob.classify(spark, df, ClassifyJob.Options.of("test rows", tmp.resolve("out").toString()));
    assertThat(INJECTED.get()).as("the failure was injected").isGreaterThanOrEqualTo(1);
    assertThat(r.inputRows()).isEqualTo(40);
    assertThat(r.outputRows()).isEqualTo(40);
    List<Row> back = spark.read().parquet(tmp.resolve("out").toString()).select("id", "error").collectAsList();
    Set<String> ids = new HashSet<>();
    for (Row b : back) {
      assertThat(ids.add(b.getString(0))).as("no duplicate " + b.getString(0)).isTrue();
      assertThat(b.isNullAt(1)).isTrue();
    }
    assertThat(ids).hasSize(40);
  }

  @Test
  void malformedRowsGoToTheErrorColumnOrWithSkipBadToRejected(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("{\"id\": \"a\", \"text\": \"A wonderful, moving film.\", \"label\": \"pos\"}\n"
        + "{\"id\": \"b\", \"text\": \"\", \"label\": 1}\n"
        + "{\"id\": \"c\", \"text\": \"cut off\n"
        + "{\"id\": \"d\", \"body\": \"no text field\"}\n"
        + "\n"
        + "{\"id\": \"f\", \"text\": \"" + "long ".repeat(20) + "\"}\n"
        + "{\"id\": \"g\", \"text\": \"a fine film\", \"label\": \"maybe\"}\n"
        + "{\"text\": \"Boring and far too long.\", \"label\": 0}\n"
        + "{\"id\": \"e\", \"text\": \"caf").getBytes(StandardCharsets.UTF_8));
    b.write(0xE9);
    b.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
    Path in = tmp.resolve("reviews.jsonl");
    Files.write(in, b.toByteArray());
    ClassifyJob.Options o = new ClassifyJob.Options(in.toString(), tmp.resolve("out").toString(), "parquet", null, null, "label",
        ModelBytes.BUNDLED, 60, false, false, 0);
    ClassifyJob.Result r = ClassifyJob.run(spark, o);
    // 9 lines, one blank: 8 rows; ids from the id field, else the line number (the broken and the non-UTF-8 lines)
    assertThat(r.inputRows()).isEqualTo(8);
    assertThat(r.outputRows()).isEqualTo(8);
    assertThat(r.errorRows()).isEqualTo(6);
    Map<String, Row> out = new HashMap<>();
    for (Row x : spark.read().parquet(tmp.resolve("out").toString()).collectAsList()) {
      out.put(x.getString(0), x);
    }
    Map<String, String> expected = Map.of(
        "b", "empty review text",
        "3", "broken JSON, expected one JSON object per line",
        "d", "expected a string field \"text\" or \"review\" or \"t\"",
        "f", "review of 100 chars is longer than the limit of 60 (raise it with --max-review-chars)",
        "g", "expected a label of 0, 1, neg, pos, negative or positive, found \"maybe\"",
        "9", "invalid UTF-8, expected UTF-8 text");
    assertThat(out.keySet()).containsExactlyInAnyOrder("a", "b", "3", "d", "f", "g", "8", "9");
    Map<String, String> errors = new HashMap<>();
    for (Row x : out.values()) {
      if (!x.isNullAt(x.fieldIndex("error"))) {
        errors.put(x.getString(0), x.getString(x.fieldIndex("error")));
        assertThat(x.isNullAt(x.fieldIndex("label"))).isTrue();
      }
    }
    assertThat(errors).isEqualTo(expected);
    Row a = out.get("a");
    assertThat(a.getInt(a.fieldIndex("gold"))).isEqualTo(1);
    assertThat(a.getInt(a.fieldIndex("label"))).isEqualTo(model.explain("A wonderful, moving film.").label());
    Row eight = out.get("8");
    assertThat(eight.getInt(eight.fieldIndex("gold"))).isZero();
    assertThat(eight.getDouble(eight.fieldIndex("logit"))).isEqualTo(model.explain("Boring and far too long.").logit());

    // --skip-bad: the classified rows in the folder, the malformed ones with their reason under rejected/
    Path out2 = tmp.resolve("out2");
    ClassifyJob.Result s = ClassifyJob.run(spark, new ClassifyJob.Options(in.toString(), out2.toString(), "jsonl", null, null,
        "label", ModelBytes.BUNDLED, 60, true, true, 0));
    assertThat(List.of(s.inputRows(), s.outputRows(), s.errorRows(), s.rejectedRows())).containsExactly(8L, 2L, 0L, 6L);
    Map<String, String> rejected = new HashMap<>();
    for (JsonNode n : readJsonl(out2.resolve("rejected"))) {
      rejected.put(n.get("id").asText(), n.get("error").asText());
    }
    assertThat(rejected).isEqualTo(expected);
    assertThat(readJsonl(out2).stream().map(n -> n.get("id").asText()).sorted().toList()).containsExactly("8", "a");
    // a plain Spark reader of the folder sees the classified rows only
    assertThat(spark.read().json(out2.toString()).count()).isEqualTo(2);
  }

  @Test
  void evaluateAgreesWithHardmaxEvaluatesMetricsUpToSummationOrder(@TempDir Path tmp) throws Exception {
    // 60 labelled reviews made of polar and neutral words (seeded), as a CSV file with no id column
    String[] pos = {"wonderful", "superb", "moving", "great", "brilliant", "funny"};
    String[] neg = {"boring", "waste", "awful", "dull", "terrible", "worst"};
    String[] neutral = {"the", "film", "plot", "actor", "scene", "and", "was", "a"};
    Random rnd = new Random(20261201);
    StringBuilder csv = new StringBuilder("text,label\n");
    int[] gold = new int[60];
    double[] prob = new double[60];
    for (int i = 0; i < 60; i++) {
      StringBuilder t = new StringBuilder();
      for (int w = 0; w < 4 + rnd.nextInt(12); w++) {
        String[] from = rnd.nextInt(3) == 0 ? (rnd.nextBoolean() ? pos : neg) : neutral;
        t.append(w == 0 ? "" : " ").append(from[rnd.nextInt(from.length)]);
      }
      gold[i] = rnd.nextInt(2);
      prob[i] = model.predict(t.toString()).probability();
      csv.append('"').append(t).append("\",").append(gold[i] == 1 ? "positive" : "negative").append('\n');
    }
    Path in = tmp.resolve("labelled.csv");
    Files.writeString(in, csv.toString());
    EvaluateJob.Metrics m = EvaluateJob.run(spark, new EvaluateJob.Options(in.toString(), null, null, "label", ModelBytes.BUNDLED,
        1_000_000, false));
    BinaryMetrics ref = BinaryMetrics.compute(gold, prob, 1);
    assertThat(m.n()).isEqualTo(60);
    assertThat(m.accuracy()).isEqualTo(ref.accuracy());
    assertThat(m.confusion()).isDeepEqualTo(ref.confusion());
    assertThat(m.rocAuc()).isCloseTo(ref.rocAuc(), within(1e-12));
    assertThat(m.logLoss()).isCloseTo(ref.logLoss(), within(1e-12));
    assertThat(m.rocAuc()).isNotEqualTo(1.0).isNotNaN();

    // a review without a label stops the evaluation with a one-line reason, unless --skip-bad leaves it out
    Files.writeString(in, csv + "\"a fine film\",\n");
    assertThatThrownBy(() -> EvaluateJob.run(spark, new EvaluateJob.Options(in.toString(), null, null, "label", ModelBytes.BUNDLED,
        1_000_000, false))).isInstanceOf(SparkUserException.class)
        .hasMessageEndingWith("labelled.csv: review 61: no label, expected 0, 1, neg, pos, negative or positive (--skip-bad leaves such rows out)");
    EvaluateJob.Metrics skipped = EvaluateJob.run(spark, new EvaluateJob.Options(in.toString(), null, null, "label", ModelBytes.BUNDLED,
        1_000_000, true));
    assertThat(skipped.skipped()).isEqualTo(1);
    assertThat(skipped.accuracy()).isEqualTo(ref.accuracy());
  }

  @Test
  void linesAreNumberedAsInTheirFileAndFilesOfAFolderNamed(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("lines");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.txt"), "first review\n\nthird line is the second review\n");
    Files.writeString(dir.resolve("b.txt"), "only one\n");
    Map<String, String> got = new HashMap<>();
    for (Row r : Inputs.read(spark, dir.toString(), InputFormat.LINES, null, null).collectAsList()) {
      got.put(r.getString(0), new String((byte[]) r.get(1), StandardCharsets.UTF_8));
    }
    assertThat(got).isEqualTo(Map.of("a.txt/1", "first review", "a.txt/3", "third line is the second review", "b.txt/1", "only one"));
    assertThat(Inputs.read(spark, dir.resolve("a.txt").toString(), InputFormat.LINES, null, null).select("id").collectAsList())
        .extracting(r -> r.getString(0)).containsExactlyInAnyOrder("1", "3");
  }
}
