package io.hardmax.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Reads review inputs in parallel into one shape: {@code id} string, {@code text} string or binary (UTF-8, checked
 * strictly downstream), {@code gold} string (the raw label, null without {@code --label-field}) and
 * {@code read_error} string (null, or why the record could not be read: broken JSON, no text field).
 *
 * <p>Ids follow {@code hardmax classify}: a {@code .txt} file's path relative to the input folder without
 * {@code .txt}; the {@code id} field or column of JSON Lines, CSV and Parquet when there is one; otherwise the line
 * (lines, jsonl) or record (csv) number, 1-based, or the 0-based row index (parquet), prefixed with the file's name
 * when the input is a folder of several files.
 */
final class Inputs {
  static final StructType SHAPE = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("text", DataTypes.BinaryType, true)
      .add("gold", DataTypes.StringType, true)
      .add("read_error", DataTypes.StringType, true);

  private Inputs() {}

  /**
   * The reviews of {@code input}.
   *
   * @param textField  text field/column of jsonl, csv and parquet (null: text, review or t, the first present)
   * @param labelField label field/column (null: no labels)
   */
  static Dataset<Row> read(SparkSession spark, String input, InputFormat format, String textField, String labelField) {
    Path path = new Path(input);
    FileSystem fs;
    InputFormat f;
    try {
      fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new SparkUserException(input + ": no such file or folder");
      }
      f = format != null ? format : InputFormat.detect(fs, path);
      path = fs.makeQualified(path);
    } catch (IOException e) {
      throw new SparkUserException(input + ": cannot read (" + e.getMessage() + ")", e);
    }
    boolean folder;
    try {
      folder = fs.getFileStatus(path).isDirectory();
    } catch (IOException e) {
      throw new SparkUserException(input + ": cannot read (" + e.getMessage() + ")", e);
    }
    Dataset<Row> df = switch (f) {
      case TEXT -> text(spark, input, path, folder);
      case LINES, JSONL -> lines(spark, path, folder, f == InputFormat.JSONL, textField, labelField);
      case CSV -> csv(spark, input, path, folder, textField, labelField);
      case PARQUET -> parquet(spark, input, path, folder, textField, labelField);
    };
    if (labelField == null) {
      df = df.withColumn("gold", lit(null).cast(DataTypes.StringType));
    }
    return df.select(col("id"), col("text"), col("gold"), col("read_error"));
  }

  private static Dataset<Row> text(SparkSession spark, String input, Path path, boolean folder) {
    String root = (folder ? path : path.getParent()).toString();
    Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "*.{txt,TXT}")
        .option("recursiveFileLookup", "true").load(path.toString());
    UserDefinedFunction id = udf((UDF1<String, String>) p -> relativeId(root, p), DataTypes.StringType);
    return files.select(id.apply(col("path")).as("id"), col("content").as("text"), lit(null).cast(DataTypes.StringType).as("gold"),
        lit(null).cast(DataTypes.StringType).as("read_error"));
  }

  /** A file's id: its path relative to the input folder, without {@code .txt}. */
  static String relativeId(String root, String path) {
    String p = new Path(path).toUri().getPath();
    String r = new Path(root).toUri().getPath();
    String rel = p.startsWith(r + "/") ? p.substring(r.length() + 1) : new Path(path).getName();
    return rel.toLowerCase(java.util.Locale.ROOT).endsWith(".txt") ? rel.substring(0, rel.length() - 4) : rel;
  }

  /**
   * One row per non-blank line, read with Hadoop's line reader so that the splits of a file come in order; the lines
   * are numbered by their position in the file (blank ones counted, as an editor does).
   */
  private static Dataset<Row> lines(SparkSession spark, Path path, boolean folder, boolean json, String textField, String labelField) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> raw = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(path.toString(),
        TextInputFormat.class, LongWritable.class, Text.class, spark.sparkContext().hadoopConfiguration());
    String root = folder ? path.toString() : path.getParent().toString();
    JavaRDD<Tuple2<String, byte[]>> withFile = raw.mapPartitionsWithInputSplit((split, it) -> {
      String file = relativeFile(root, ((FileSplit) split).getPath().toString());
      return new Iterator<Tuple2<String, byte[]>>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Tuple2<String, byte[]> next() {
          Text t = it.next()._2();
          return new Tuple2<>(file, Arrays.copyOf(t.getBytes(), t.getLength()));
        }
      };
    }, true);
    var indexed = withFile.zipWithIndex();
    Map<String, Long> first = indexed.mapToPair(t -> new Tuple2<>(t._1()._1(), t._2())).reduceByKey(Math::min).collectAsMap();
    Map<String, Long> firstCopy = new java.util.HashMap<>(first);
    boolean prefix = firstCopy.size() > 1 || folder;
    JavaRDD<Row> rows = indexed.filter(t -> !isBlank(t._1()._2())).map(t -> {
      long line = t._2() - firstCopy.get(t._1()._1()) + 1;
      String id = prefix ? t._1()._1() + "/" + line : Long.toString(line);
      return RowFactory.create(id, t._1()._2(), null, null);
    });
    Dataset<Row> df = spark.createDataFrame(rows, SHAPE);
    return json ? jsonFields(df, textField, labelField) : df;
  }

  private static String relativeFile(String root, String file) {
    String p = new Path(file).toUri().getPath();
    String r = new Path(root).toUri().getPath();
    return p.startsWith(r + "/") ? p.substring(r.length() + 1) : new Path(file).getName();
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r' && x != '\f' && x != 0x0B) {
        return false;
      }
    }
    return true;
  }

  /** JSON Lines: parses each line (checked as strict UTF-8 first) and takes the text, label and id fields. */
  private static Dataset<Row> jsonFields(Dataset<Row> lines, String textField, String labelField) {
    List<String> textKeys = textField != null ? List.of(textField) : List.of("text", "review", "t");
    StructType schema = new StructType().add("id", DataTypes.StringType).add("_corrupt_record", DataTypes.StringType);
    for (String k : textKeys) {
      schema = schema.add(k, DataTypes.StringType);
    }
    if (labelField != null && !textKeys.contains(labelField) && !labelField.equals("id")) {
      schema = schema.add(labelField, DataTypes.StringType);
    }
    UserDefinedFunction decode = udf((UDF1<byte[], String>) ReviewCheck::decode, DataTypes.StringType);
    Dataset<Row> d = lines.withColumn("_line", decode.apply(col("text")));
    Column j = from_json(col("_line"), schema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", "_corrupt_record"));
    d = d.withColumn("_j", j);
    Column text = coalesce(textKeys.stream().map(k -> col("_j." + k)).toArray(Column[]::new));
    String expected = "expected a string field " + String.join(" or ", textKeys.stream().map(k -> "\"" + k + "\"").toList());
    Column error = when(col("_line").isNull(), lit("invalid UTF-8, expected UTF-8 text"))
        .when(col("_j").isNull().or(col("_j._corrupt_record").isNotNull()), lit("broken JSON, expected one JSON object per line"))
        .when(text.isNull(), lit(expected));
    return d.select(coalesce(col("_j.id"), col("id")).as("id"), text.cast(DataTypes.BinaryType).as("text"),
        (labelField != null ? col("_j." + labelField) : lit(null).cast(DataTypes.StringType)).as("gold"), error.as("read_error"));
  }

  private static Dataset<Row> csv(SparkSession spark, String input, Path path, boolean folder, String textField, String labelField) {
    Dataset<Row> d = spark.read().option("header", "true").option("multiLine", "true").option("mode", "PERMISSIVE")
        .option("enforceSchema", "false").csv(path.toString());
    List<String> cols = Arrays.asList(d.columns());
    String t = pick(input, cols, textField, "column");
    requireLabel(input, cols, labelField, "column");
    boolean hasId = cols.contains("id");
    Dataset<Row> sel = d.select((hasId ? col("id") : lit(null)).cast(DataTypes.StringType).as("id"),
        col(t).cast(DataTypes.BinaryType).as("text"),
        (labelField != null ? col(labelField) : lit(null)).cast(DataTypes.StringType).as("gold"),
        lit(null).cast(DataTypes.StringType).as("read_error"), input_file_name().as("_file"));
    if (hasId) {
      return sel.drop("_file");
    }
    // Records numbered within their file: a multi-line CSV file is never split, and the files packed into one
    // partition follow one another, so each file's records are contiguous and in order.
    String root = folder ? path.toString() : path.getParent().toString();
    var indexed = sel.javaRDD().zipWithIndex();
    Map<String, Long> first = new java.util.HashMap<>(
        indexed.mapToPair(x -> new Tuple2<>(x._1().getString(4), x._2())).reduceByKey(Math::min).collectAsMap());
    boolean prefix = first.size() > 1 || folder;
    JavaRDD<Row> rows = indexed.map(x -> {
      String file = x._1().getString(4);
      long n = x._2() - first.get(file) + 1;
      String id = prefix ? relativeFile(root, file) + "/" + n : Long.toString(n);
      return RowFactory.create(id, x._1().get(1), x._1().get(2), x._1().get(3));
    });
    return spark.createDataFrame(rows, SHAPE);
  }

  private static Dataset<Row> parquet(SparkSession spark, String input, Path path, boolean folder, String textField, String labelField) {
    Dataset<Row> d = spark.read().parquet(path.toString());
    List<String> cols = Arrays.asList(d.columns());
    String t = pick(input, cols, textField, "column");
    requireLabel(input, cols, labelField, "column");
    Column id = cols.contains("id") ? col("id").cast(DataTypes.StringType)
        : folder ? org.apache.spark.sql.functions.concat(col("_metadata.file_name"), lit("/"), col("_metadata.row_index").cast(DataTypes.StringType))
        : col("_metadata.row_index").cast(DataTypes.StringType);
    return d.select(id.as("id"), col(t).cast(DataTypes.BinaryType).as("text"),
        (labelField != null ? col(labelField) : lit(null)).cast(DataTypes.StringType).as("gold"),
        lit(null).cast(DataTypes.StringType).as("read_error"));
  }

  private static String pick(String input, List<String> cols, String field, String what) {
    List<String> want = field != null ? List.of(field) : List.of("text", "review", "t");
    for (String w : want) {
      if (cols.contains(w)) {
        return w;
      }
    }
    throw new SparkUserException(input + ": expected a text " + what + " named " + String.join(" or ", want)
        + " (choose one with --text-field), found " + String.join(", ", cols));
  }

  private static void requireLabel(String input, List<String> cols, String label, String what) {
    if (label != null && !cols.contains(label)) {
      throw new SparkUserException(input + ": expected a label " + what + " \"" + label + "\", found " + String.join(", ", cols));
    }
  }
}
