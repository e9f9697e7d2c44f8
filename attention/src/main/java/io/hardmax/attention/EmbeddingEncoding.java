package io.hardmax.attention;

import java.util.Locale;

/**
 * How a model file stores the embedding table (model file format version 2; version 1 stores float32 only).
 * Models always train in float32; the encoding is applied when the model is written, and a model quantised in
 * memory ({@link SentimentModel#withEmbeddingEncoding}) already holds the dequantised weights, so it predicts
 * exactly as the file it writes will.
 *
 * <p>The integer encodings are symmetric linear quantisation with one float32 scale per row (token) or per
 * column (dimension): {@code scale = max|w| / qmax} over the row or column, {@code q = round(w / scale)} clamped
 * to {@code [-qmax, qmax]} (qmax = 32767 for 16 bits, 127 for 8 bits), and the model file header records the
 * dequantisation {@code w = float32(q) * scale} (float32 multiplication). The largest error of a value is half a
 * step, {@code scale / 2}. Per-row scales follow each token's own range (rare n-grams have small rows), at 4
 * bytes a row; per-column scales cost d floats in all. {@code hardmax train} defaults to per-column: on IMDb
 * validation (docs/RESULTS.md, "Vocabulary: trigrams, 150k n-grams, quantised embeddings") per-row scales bought no
 * accuracy, and their 0.8 MB at 200k entries is what keeps an 8-bit 150k-n-gram model above 6 MB. Integers and
 * not float16: the integer grid spends all its levels on the range of its row or column, and Java 17 has no
 * float16 conversion to rely on.
 *
 * @param bits  32 (float32, stored as trained), 16 (int16) or 8 (int8)
 * @param scale {@link Scale#NONE} for 32 bits; {@link Scale#ROW} or {@link Scale#COLUMN} for 16 and 8 bits
 */
public record EmbeddingEncoding(int bits, Scale scale) {
  /** Where the quantisation scales are taken. */
  public enum Scale {
    /** No scale: float32 values. */
    NONE,
    /** One scale per embedding row (token id). */
    ROW,
    /** One scale per embedding column (dimension). */
    COLUMN
  }

  /** The float32 table as trained (the only encoding of model file version 1). */
  public static final EmbeddingEncoding FLOAT32 = new EmbeddingEncoding(32, Scale.NONE);

  public EmbeddingEncoding {
    if (bits != 32 && bits != 16 && bits != 8) {
      throw new IllegalArgumentException("embedding bits must be 32, 16 or 8, found " + bits);
    }
    if (scale == null) {
      throw new IllegalArgumentException("embedding scale must be none, row or column, found null");
    }
    if ((bits == 32) != (scale == Scale.NONE)) {
      throw new IllegalArgumentException(bits == 32 ? "32-bit embeddings have no scale, found scale " + name(scale)
          : bits + "-bit embeddings need a row or column scale, found none");
    }
  }

  /**
   * The encoding for {@code bits}: float32 for 32, otherwise integers with the given scale.
   *
   * @param scale "row" or "column" (ignored for 32 bits)
   */
  public static EmbeddingEncoding of(int bits, String scale) {
    if (bits == 32) {
      return FLOAT32;
    }
    return new EmbeddingEncoding(bits, parseScale(scale));
  }

  /** "row" or "column" (case-insensitive). */
  public static Scale parseScale(String s) {
    return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
      case "row" -> Scale.ROW;
      case "column" -> Scale.COLUMN;
      default -> throw new IllegalArgumentException("embedding scale must be row or column, found '" + s + "'");
    };
  }

  /** The stored element type: "float32", "int16" or "int8". */
  public String dtype() {
    return bits == 32 ? "float32" : "int" + bits;
  }

  /** The largest stored magnitude: 32767 (int16), 127 (int8); 0 for float32. */
  int qmax() {
    return bits == 16 ? Short.MAX_VALUE : bits == 8 ? Byte.MAX_VALUE : 0;
  }

  /** Whether values are stored as scaled integers. */
  public boolean quantised() {
    return bits != 32;
  }

  /** The model file header's name of a scale: "none", "row" or "column". */
  static String name(Scale s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** The dequantisation as the model file header records it, in words. */
  String formula() {
    return switch (scale) {
      case NONE -> "embeddings[r][c] = stored[r][c]";
      case ROW -> "embeddings[r][c] = float32(stored[r][c]) * embedding_scales[r]";
      case COLUMN -> "embeddings[r][c] = float32(stored[r][c]) * embedding_scales[c]";
    };
  }

  @Override
  public String toString() {
    return quantised() ? dtype() + " with a per-" + name(scale) + " scale" : "float32";
  }
}
