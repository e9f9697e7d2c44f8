package io.hardmax.attention;

/**
 * An embedding table in the form a model file stores it: float32 values as trained, or integers with scales
 * ({@link EmbeddingEncoding}). Immutable; a model keeps the stored form it was quantised to or loaded from, so
 * writing it again gives the same bytes.
 */
final class StoredEmbeddings {
  final EmbeddingEncoding encoding;
  final int vocab;
  final int dim;
  /** [vocab * dim] row-major, for float32 only; else null. */
  final float[] float32;
  /** [vocab * dim] row-major, for int16 only; else null. */
  final short[] int16;
  /** [vocab * dim] row-major, for int8 only; else null. */
  final byte[] int8;
  /** [vocab] (per-row) or [dim] (per-column) float32 scales; empty for float32. */
  final float[] scales;

  StoredEmbeddings(EmbeddingEncoding encoding, int vocab, int dim, float[] float32, short[] int16, byte[] int8,
      float[] scales) {
    this.encoding = encoding;
    this.vocab = vocab;
    this.dim = dim;
    this.float32 = float32;
    this.int16 = int16;
    this.int8 = int8;
    this.scales = scales;
    int n = Math.multiplyExact(vocab, dim);
    int stored = encoding.bits() == 32 ? float32.length : encoding.bits() == 16 ? int16.length : int8.length;
    if (stored != n) {
      throw new IllegalArgumentException("stored embeddings have " + stored + " values, expected " + vocab + " x " + dim);
    }
    if (scales.length != scaleCount(encoding, vocab, dim)) {
      throw new IllegalArgumentException("embedding scales have " + scales.length + " values, expected "
          + scaleCount(encoding, vocab, dim));
    }
  }

  /** Number of scales an encoding stores: vocab (per row), dim (per column) or 0. */
  static int scaleCount(EmbeddingEncoding e, int vocab, int dim) {
    return switch (e.scale()) {
      case NONE -> 0;
      case ROW -> vocab;
      case COLUMN -> dim;
    };
  }

  /** The float32 table as trained (shared, not copied). */
  static StoredEmbeddings float32(float[] embeddings, int vocab, int dim) {
    return new StoredEmbeddings(EmbeddingEncoding.FLOAT32, vocab, dim, embeddings, null, null, new float[0]);
  }

  /**
   * Symmetric linear quantisation of a float32 table: per row or column, {@code scale = max|w| / qmax} (0 when
   * the row or column is all zeros, which then stores zeros), {@code q = round(w / scale)} clamped to
   * {@code [-qmax, qmax]}.
   */
  static StoredEmbeddings quantise(EmbeddingEncoding e, float[] w, int vocab, int dim) {
    if (!e.quantised()) {
      return float32(w, vocab, dim);
    }
    int n = Math.multiplyExact(vocab, dim);
    if (w.length != n) {
      throw new IllegalArgumentException("embeddings have " + w.length + " values, expected " + vocab + " x " + dim);
    }
    boolean row = e.scale() == EmbeddingEncoding.Scale.ROW;
    float[] scales = new float[row ? vocab : dim];
    for (int r = 0; r < vocab; r++) {
      for (int c = 0; c < dim; c++) {
        int s = row ? r : c;
        scales[s] = Math.max(scales[s], Math.abs(w[r * dim + c]));
      }
    }
    int qmax = e.qmax();
    for (int s = 0; s < scales.length; s++) {
      scales[s] = scales[s] / qmax;
    }
    short[] q16 = e.bits() == 16 ? new short[n] : null;
    byte[] q8 = e.bits() == 8 ? new byte[n] : null;
    for (int r = 0; r < vocab; r++) {
      for (int c = 0; c < dim; c++) {
        int i = r * dim + c;
        float scale = scales[row ? r : c];
        long q = scale == 0 ? 0 : Math.round((double) w[i] / scale);
        q = Math.max(-qmax, Math.min(qmax, q));
        if (q16 != null) {
          q16[i] = (short) q;
        } else {
          q8[i] = (byte) q;
        }
      }
    }
    return new StoredEmbeddings(e, vocab, dim, null, q16, q8, scales);
  }

  /** The float32 table a model computes with: the stored values, or {@code float32(q) * scale}. */
  float[] dequantise() {
    if (!encoding.quantised()) {
      return float32;
    }
    boolean row = encoding.scale() == EmbeddingEncoding.Scale.ROW;
    float[] out = new float[vocab * dim];
    for (int r = 0; r < vocab; r++) {
      for (int c = 0; c < dim; c++) {
        int i = r * dim + c;
        float q = int16 != null ? int16[i] : int8[i];
        out[i] = q * scales[row ? r : c];
      }
    }
    return out;
  }

  /** Bytes of the stored values and scales. */
  long bytes() {
    return (long) vocab * dim * (encoding.bits() / 8) + 4L * scales.length;
  }
}
