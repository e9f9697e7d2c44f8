package io.hardmax.spark;

import io.hardmax.attention.SentimentModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The bytes of a model file and their SHA-256: what a Spark job broadcasts to its executors, each of which decodes
 * them once ({@link ExecutorModels}). Read on the driver from any Hadoop file system ({@code file:}, {@code hdfs:},
 * {@code s3a:} ...) or from the bundled model.
 */
public final class ModelBytes implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The {@code modelPath} value that names the bundled IMDb model. */
  public static final String BUNDLED = "bundled";

  private final String source;
  private final String sha256;
  private final byte[] bytes;

  private ModelBytes(String source, byte[] bytes) {
    this.source = source;
    this.bytes = bytes;
    this.sha256 = sha256(bytes);
  }

  /** Reads {@code path} ({@link #BUNDLED} for the bundled model) with the Hadoop configuration of the job. */
  public static ModelBytes read(String path, Configuration hadoop) {
    if (BUNDLED.equals(path)) {
      try (InputStream in = SentimentModel.class.getResourceAsStream(SentimentModel.DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new SparkUserException("the bundled model " + SentimentModel.DEFAULT_RESOURCE + " is missing from the class path; pass --model FILE");
        }
        return new ModelBytes("bundled model", in.readAllBytes());
      } catch (IOException e) {
        throw new SparkUserException("cannot read the bundled model: " + e.getMessage(), e);
      }
    }
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        throw new SparkUserException(path + ": no such model file");
      }
      try (InputStream in = fs.open(p)) {
        return new ModelBytes(path, in.readAllBytes());
      }
    } catch (IOException e) {
      throw new SparkUserException(path + ": cannot read the model file (" + e.getMessage() + ")", e);
    }
  }

  /** Where the bytes came from, for messages. */
  public String source() {
    return source;
  }

  /** Lower-case hex SHA-256 of the bytes: the key of the per-JVM model cache. */
  public String sha256() {
    return sha256;
  }

  /** The file's bytes (not copied: do not modify). */
  byte[] bytes() {
    return bytes;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
