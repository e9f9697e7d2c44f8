package io.hardmax.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The hardmax sentiment model as a Spark ML {@link Transformer}: exact hardmax inference on a text column, with the
 * decision, the leader words and (with {@code explain}) the exact per-token decomposition of the logit. The columns
 * have the names and meanings of the fields of {@code hardmax classify --format jsonl}, and their values equal
 * {@link io.hardmax.attention.SentimentModel#explain(String)}'s bit for bit.
 *
 * <p>Added columns, in this order (names are params): {@code label} int (1 positive, 0 negative), {@code probability}
 * double (of positive), {@code logit} double, {@code leaders} array&lt;string&gt; (leader words, clusters by
 * |contribution| descending); with {@code explain} also {@code bias} double, {@code padding_contribution} double and
 * {@code tokens} array&lt;struct&lt;text string, begin int, end int, leader int, contribution double,
 * contribution_alone double&gt;&gt;; last {@code error} string: null for a classified review, else why the row is
 * malformed (missing or empty text, invalid UTF-8 in a binary column, a NUL byte, longer than {@code maxReviewChars}),
 * in which case the other added columns are null. A malformed row never fails the job.
 *
 * <p>The input column is a string, or binary holding UTF-8 (checked strictly). The model file (param
 * {@code modelPath}, any Hadoop path, default {@code bundled}) is read once on the driver and broadcast; each executor
 * JVM decodes it once and keeps it ({@link ExecutorModels}); each task thread builds its tokenizer once.
 *
 * <p>Saved with {@link #write()} / {@link #save(String)} (params as JSON metadata, plus the model file itself under
 * {@code model/}), loaded with {@link #load(String)} or {@link #read()}, also as a stage of a saved
 * {@link org.apache.spark.ml.PipelineModel} (Spark finds the static {@code read()} by reflection: the Java form of
 * {@code MLReadable}).
 */
public final class HardmaxSentiment extends Transformer implements MLWritable {
  private static final long serialVersionUID = 1L;

  /** The model file inside a saved stage. */
  static final String SAVED_MODEL = "model/model.hmx";

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> modelPath;
  private final Param<String> labelCol;
  private final Param<String> probabilityCol;
  private final Param<String> logitCol;
  private final Param<String> leadersCol;
  private final Param<String> biasCol;
  private final Param<String> paddingContributionCol;
  private final Param<String> tokensCol;
  private final Param<String> errorCol;
  private final BooleanParam explain;
  private final IntParam maxReviewChars;

  public HardmaxSentiment() {
    this(Identifiable$.MODULE$.randomUID("hardmaxSentiment"));
  }

  public HardmaxSentiment(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "input column: the review text, string or UTF-8 binary");
    modelPath = new Param<>(this, "modelPath", "model file (any Hadoop path), or 'bundled' for the bundled IMDb model");
    labelCol = new Param<>(this, "labelCol", "output column: 1 positive, 0 negative");
    probabilityCol = new Param<>(this, "probabilityCol", "output column: probability of positive, sigmoid(logit)");
    logitCol = new Param<>(this, "logitCol", "output column: the logit at exact hardmax inference");
    leadersCol = new Param<>(this, "leadersCol", "output column: leader words, clusters by |contribution| descending");
    biasCol = new Param<>(this, "biasCol", "output column (explain): the readout bias");
    paddingContributionCol = new Param<>(this, "paddingContributionCol", "output column (explain): padding's share of the logit");
    tokensCol = new Param<>(this, "tokensCol", "output column (explain): per-token text, offsets, leader and contributions");
    errorCol = new Param<>(this, "errorCol", "output column: null, or why the row is malformed");
    explain = new BooleanParam(this, "explain", "whether to add the bias, padding_contribution and tokens columns");
    maxReviewChars = new IntParam(this, "maxReviewChars", "longest review accepted, in chars (>= 1)");
    setDefault(inputCol, "text");
    setDefault(modelPath, ModelBytes.BUNDLED);
    setDefault(labelCol, "label");
    setDefault(probabilityCol, "probability");
    setDefault(logitCol, "logit");
    setDefault(leadersCol, "leaders");
    setDefault(biasCol, "bias");
    setDefault(paddingContributionCol, "padding_contribution");
    setDefault(tokensCol, "tokens");
    setDefault(errorCol, "error");
    setDefault(explain, true);
    setDefault(maxReviewChars, 1_000_000);
  }

  @Override
  public String uid() {
    return uid;
  }

  // Spark lists a stage's params by reflection over its public no-argument methods returning a Param.
  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> modelPath() {
    return modelPath;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public Param<String> logitCol() {
    return logitCol;
  }

  public Param<String> leadersCol() {
    return leadersCol;
  }

  public Param<String> biasCol() {
    return biasCol;
  }

  public Param<String> paddingContributionCol() {
    return paddingContributionCol;
  }

  public Param<String> tokensCol() {
    return tokensCol;
  }

  public Param<String> errorCol() {
    return errorCol;
  }

  public BooleanParam explain() {
    return explain;
  }

  public IntParam maxReviewChars() {
    return maxReviewChars;
  }

  public HardmaxSentiment setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public HardmaxSentiment setModelPath(String v) {
    set(modelPath, v);
    return this;
  }

  public HardmaxSentiment setLabelCol(String v) {
    set(labelCol, v);
    return this;
  }

  public HardmaxSentiment setProbabilityCol(String v) {
    set(probabilityCol, v);
    return this;
  }

  public HardmaxSentiment setLogitCol(String v) {
    set(logitCol, v);
    return this;
  }

  public HardmaxSentiment setLeadersCol(String v) {
    set(leadersCol, v);
    return this;
  }

  public HardmaxSentiment setTokensCol(String v) {
    set(tokensCol, v);
    return this;
  }

  public HardmaxSentiment setErrorCol(String v) {
    set(errorCol, v);
    return this;
  }

  public HardmaxSentiment setExplain(boolean v) {
    set(explain, v);
    return this;
  }

  public HardmaxSentiment setMaxReviewChars(int v) {
    set(maxReviewChars, v);
    return this;
  }

  public String getInputCol() {
    return getOrDefault(inputCol);
  }

  public String getModelPath() {
    return getOrDefault(modelPath);
  }

  public String getLabelCol() {
    return getOrDefault(labelCol);
  }

  public boolean getExplain() {
    return (Boolean) getOrDefault(explain);
  }

  public int getMaxReviewChars() {
    return (Integer) getOrDefault(maxReviewChars);
  }

  /** Number of columns the stage appends. */
  static int added(boolean explain) {
    return explain ? 8 : 5;
  }

  /** The struct of one token in the {@code tokens} column (the JSONL's token object). */
  public static final StructType TOKEN = new StructType(new StructField[] {
    DataTypes.createStructField("text", DataTypes.StringType, false),
    DataTypes.createStructField("begin", DataTypes.IntegerType, false),
    DataTypes.createStructField("end", DataTypes.IntegerType, false),
    DataTypes.createStructField("leader", DataTypes.IntegerType, false),
    DataTypes.createStructField("contribution", DataTypes.DoubleType, false),
    DataTypes.createStructField("contribution_alone", DataTypes.DoubleType, false),
  });

  @Override
  public StructType transformSchema(StructType schema) {
    String in = getInputCol();
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("HardmaxSentiment: input column '" + in + "' not found; the columns are "
          + String.join(", ", schema.fieldNames()));
    }
    DataType t = schema.apply(in).dataType();
    if (!t.equals(DataTypes.StringType) && !t.equals(DataTypes.BinaryType)) {
      throw new IllegalArgumentException("HardmaxSentiment: input column '" + in + "' must be string or binary (UTF-8), found "
          + t.simpleString());
    }
    if (getMaxReviewChars() < 1) {
      throw new IllegalArgumentException("HardmaxSentiment: maxReviewChars must be >= 1, was " + getMaxReviewChars());
    }
    StructType out = schema;
    for (StructField f : addedFields()) {
      if (Arrays.asList(schema.fieldNames()).contains(f.name())) {
        throw new IllegalArgumentException("HardmaxSentiment: output column '" + f.name() + "' already exists");
      }
      out = out.add(f);
    }
    return out;
  }

  private List<StructField> addedFields() {
    List<StructField> f = new java.util.ArrayList<>();
    f.add(DataTypes.createStructField(getOrDefault(labelCol), DataTypes.IntegerType, true));
    f.add(DataTypes.createStructField(getOrDefault(probabilityCol), DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField(getOrDefault(logitCol), DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField(getOrDefault(leadersCol), DataTypes.createArrayType(DataTypes.StringType, false), true));
    if (getExplain()) {
      f.add(DataTypes.createStructField(getOrDefault(biasCol), DataTypes.DoubleType, true));
      f.add(DataTypes.createStructField(getOrDefault(paddingContributionCol), DataTypes.DoubleType, true));
      f.add(DataTypes.createStructField(getOrDefault(tokensCol), DataTypes.createArrayType(TOKEN, false), true));
    }
    f.add(DataTypes.createStructField(getOrDefault(errorCol), DataTypes.StringType, true));
    return f;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    var spark = dataset.sparkSession();
    ModelBytes bytes = ModelBytes.read(getModelPath(), spark.sparkContext().hadoopConfiguration());
    ExecutorModels.get(bytes); // decodes on the driver: a bad model file fails here, with its one-line message
    Broadcast<ModelBytes> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
    ClassifyPartition work = new ClassifyPartition(b, in.fieldIndex(getInputCol()), in.size(), getExplain(), getMaxReviewChars());
    return dataset.toDF().mapPartitions(work, Encoders.row(out));
  }

  @Override
  public HardmaxSentiment copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Loads a stage saved by {@link #save(String)}. */
  public static HardmaxSentiment load(String path) {
    return read().load(path);
  }

  /** The reader of saved stages (Spark's pipeline loader calls this static method by reflection). */
  public static MLReader<HardmaxSentiment> read() {
    return new Reader();
  }

  private static final class Writer extends MLWriter {
    private final HardmaxSentiment stage;

    Writer(HardmaxSentiment stage) {
      this.stage = stage;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(stage, path, sc(), Option.empty(), Option.empty());
      ModelBytes bytes = ModelBytes.read(stage.getModelPath(), sc().hadoopConfiguration());
      Path file = new Path(path, SAVED_MODEL);
      try {
        FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
        try (OutputStream o = fs.create(file, true)) {
          o.write(bytes.bytes());
        }
      } catch (IOException e) {
        throw new SparkUserException(file + ": cannot write the model file (" + e.getMessage() + ")", e);
      }
    }
  }

  private static final class Reader extends MLReader<HardmaxSentiment> {
    @Override
    public HardmaxSentiment load(String path) {
      DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sc(), HardmaxSentiment.class.getName());
      HardmaxSentiment s = new HardmaxSentiment(meta.uid());
      meta.getAndSetParams(s, Option.empty());
      // the saved stage carries its own copy of the model file
      return s.setModelPath(new Path(path, SAVED_MODEL).toString());
    }
  }
}
