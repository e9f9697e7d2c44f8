package io.hardmax.attention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.lang.reflect.RecordComponent;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training checkpoint file, version 2: what {@link HardmaxTrainer} needs to continue a run exactly where it
 * was after an epoch. The container of {@link FloatContainer}, shared with {@link ModelFile} (never Java
 * serialization):
 *
 * <pre>
 *   8 bytes   magic "HMXCKPT\n"
 *   4 bytes   format version (little-endian int) = 2
 *   4 bytes   header length H (little-endian int)
 *   H bytes   UTF-8 JSON header: "configuration" (every field of the caller's context records, the model and the
 *             trainer configuration, in order: an object of "Record.field" to the value as text; version 1 kept
 *             the three as one text), "data_sha256" (of the caller's data id and the training and validation token ids and labels), "epoch" (completed),
 *             "finished", "best_epoch", "best_accuracy", "since_best" (early-stopping counter), "adam_step",
 *             "history" (one object per epoch, the fields of {@link EpochStats}), and "arrays" (names, shapes)
 *   arrays    float32 little-endian, in header order: weights.embeddings [vocab, dim], weights.dense [D],
 *             best.embeddings, best.dense, adam.m_embeddings, adam.v_embeddings, adam.m_dense, adam.v_dense
 *   32 bytes  SHA-256 of everything before it
 * </pre>
 *
 * Doubles in the header are strings ({@link Double#toString}, which round-trips exactly and allows NaN). There
 * is no random generator state: the trainer replays the seeded shuffles of the completed epochs.
 */
final class Checkpoint {
  static final byte[] MAGIC = "HMXCKPT\n".getBytes(StandardCharsets.US_ASCII);
  /** The format version written by this code. */
  static final int VERSION = 2;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final FloatContainer.Format FORMAT = new FloatContainer.Format(MAGIC, VERSION, "checkpoint", "checkpoint");
  private static final String[] ARRAYS = {"weights.embeddings", "weights.dense", "best.embeddings", "best.dense",
    "adam.m_embeddings", "adam.v_embeddings", "adam.m_dense", "adam.v_dense"};

  private Checkpoint() {}

  /**
   * What a checkpoint must match to be resumed.
   *
   * @param configuration every configuration field, "Record.field" to its value as text, in order (compared field
   *                      by field; the first that differs is named)
   * @param dataSha256    SHA-256 of the caller's data id, the vocabulary size and the training and validation ids
   *                      and labels, hex
   */
  record Fingerprint(Map<String, String> configuration, String dataSha256) {}

  /** The fields of records, "Record.field" to the value as text, in order; record-valued fields are expanded. */
  static Map<String, String> fields(List<? extends Record> records) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Record r : records) {
      addFields(r, r.getClass().getSimpleName(), out);
    }
    return out;
  }

  private static void addFields(Record r, String prefix, Map<String, String> out) {
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + prefix + "." + c.getName(), e);
      }
      if (v instanceof Record inner) {
        addFields(inner, prefix + "." + c.getName(), out);
      } else {
        out.put(prefix + "." + c.getName(), String.valueOf(v));
      }
    }
  }

  static Fingerprint fingerprint(HardmaxConfig cfg, TrainerConfig tc, List<Record> context, String dataId, int vocab,
      List<int[]> train, int[] trainLabels, List<int[]> val, int[] valLabels) {
    MessageDigest md = FloatContainer.sha256();
    md.update((dataId + "\n").getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.allocate(4 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(vocab).putInt(train.size()).putInt(val.size());
    for (int part = 0; part < 2; part++) {
      List<int[]> ids = part == 0 ? train : val;
      int[] labels = part == 0 ? trainLabels : valLabels;
      for (int i = 0; i < ids.size(); i++) {
        int[] r = ids.get(i);
        putInt(b, md, labels[i]);
        putInt(b, md, r.length);
        for (int id : r) {
          putInt(b, md, id);
        }
      }
    }
    md.update(b.array(), 0, b.position());
    List<Record> all = new ArrayList<>(context);
    all.add(cfg);
    all.add(tc);
    return new Fingerprint(fields(all), HexFormat.of().formatHex(md.digest()));
  }

  private static void putInt(ByteBuffer b, MessageDigest md, int v) {
    if (b.remaining() < 4) {
      md.update(b.array(), 0, b.position());
      b.clear();
    }
    b.putInt(v);
  }

  /**
   * Writes atomically: a temp file in the same folder, forced to disk, then a move; the old checkpoint stays until
   * the move.
   */
  static void write(Path file, TrainingState st, Fingerprint fp) throws IOException {
    Weights w = st.weights;
    HardmaxTrainer.Adam adam = st.adam;
    ObjectNode h = MAPPER.createObjectNode();
    h.put("format", "hardmax-checkpoint");
    h.put("version", VERSION);
    ObjectNode conf = h.putObject("configuration");
    fp.configuration().forEach(conf::put);
    h.put("data_sha256", fp.dataSha256());
    h.put("epoch", st.epoch).put("finished", st.finished).put("best_epoch", st.bestEpoch)
        .put("best_accuracy", Double.toString(st.bestAccuracy)).put("since_best", st.sinceBest)
        .put("adam_step", adam.t);
    ArrayNode hist = h.putArray("history");
    for (EpochStats s : st.history) {
      hist.addObject().put("epoch", s.epoch()).put("train_loss", Double.toString(s.trainLoss()))
          .put("train_accuracy", Double.toString(s.trainAccuracy()))
          .put("validation_accuracy_softmax", Double.toString(s.validationAccuracySoftmax()))
          .put("validation_accuracy_hardmax", Double.toString(s.validationAccuracyHardmax()))
          .put("validation_loss", Double.toString(s.validationLoss())).put("seconds", Double.toString(s.seconds()))
          .put("hardmax_training", s.hardmaxTraining());
    }
    float[][] data = {w.embeddings, w.dense, st.best.embeddings, st.best.dense, adam.mEmb, adam.vEmb, adam.mDense,
      adam.vDense};
    ArrayNode arrays = h.putArray("arrays");
    for (int i = 0; i < ARRAYS.length; i++) {
      arrays.addObject().put("name", ARRAYS[i]).putPOJO("shape", shape(i, w.vocab, w.dim, w.dense.length));
    }
    FloatContainer.write(file, FORMAT, h, data);
  }

  /**
   * Reads a checkpoint and checks it against this run.
   *
   * @throws ModelFileException (one line naming the file) when it is missing, corrupted or truncated, of another
   *     format version, or was written for other data or another configuration
   */
  static TrainingState read(Path file, Fingerprint expected, HardmaxConfig cfg, TrainerConfig tc, int vocab) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModelFileException(file + ": no checkpoint to resume from (no such file)", e);
    } catch (IOException e) {
      throw new ModelFileException(file + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
    }
    String src = file.toString();
    FloatContainer.Frame frame = FloatContainer.open(bytes, src, FORMAT);
    JsonNode h = frame.header();
    ByteBuffer b = frame.arrays();
    try {
      ModelFile.rejectUnknown(h, List.of("format", "version", "configuration", "data_sha256", "epoch", "finished",
          "best_epoch", "best_accuracy", "since_best", "adam_step", "history", "arrays"), "header");
      Map<String, String> config = new LinkedHashMap<>();
      JsonNode conf = required(h, "configuration");
      conf.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      if (!config.equals(expected.configuration())) {
        throw new ModelFileException(src + ": the checkpoint was written with another configuration ("
            + difference(config, expected.configuration()) + "); resume with the same settings or start over");
      }
      String data = required(h, "data_sha256").asText();
      if (!data.equals(expected.dataSha256())) {
        throw new ModelFileException(src + ": the checkpoint was written for other training data (SHA-256 "
            + abbreviate(data) + ", this run " + abbreviate(expected.dataSha256()) + "); resume with the same data or start over");
      }
      int epoch = required(h, "epoch").asInt();
      int bestEpoch = required(h, "best_epoch").asInt();
      int sinceBest = required(h, "since_best").asInt();
      long step = required(h, "adam_step").asLong();
      if (epoch < 1 || epoch > tc.maxEpochs() || bestEpoch < 1 || bestEpoch > epoch || sinceBest < 0
          || sinceBest > epoch || step < 0) {
        throw new IllegalArgumentException("inconsistent counters: epoch " + epoch + " of " + tc.maxEpochs()
            + ", best epoch " + bestEpoch + ", since best " + sinceBest + ", Adam step " + step);
      }
      List<EpochStats> history = new ArrayList<>();
      for (JsonNode s : required(h, "history")) {
        history.add(new EpochStats(required(s, "epoch").asInt(), dbl(s, "train_loss"), dbl(s, "train_accuracy"),
            dbl(s, "validation_accuracy_softmax"), dbl(s, "validation_accuracy_hardmax"), dbl(s, "validation_loss"),
            dbl(s, "seconds"), required(s, "hardmax_training").asBoolean()));
      }
      if (history.size() != epoch) {
        throw new IllegalArgumentException("history has " + history.size() + " epochs, expected " + epoch);
      }
      int dense = Weights.denseSize(cfg);
      int emb = Math.multiplyExact(vocab, cfg.dim());
      JsonNode arrays = required(h, "arrays");
      if (arrays.size() != ARRAYS.length) {
        throw new IllegalArgumentException(arrays.size() + " arrays, expected " + ARRAYS.length);
      }
      for (int i = 0; i < ARRAYS.length; i++) {
        JsonNode ai = arrays.get(i);
        if (!ARRAYS[i].equals(ai.path("name").asText())) {
          throw new IllegalArgumentException("array " + i + " is \"" + ai.path("name").asText() + "\", expected \""
              + ARRAYS[i] + "\"");
        }
        int[] want = shape(i, vocab, cfg.dim(), dense);
        int[] have = MAPPER.treeToValue(required(ai, "shape"), int[].class);
        if (!Arrays.equals(have, want)) {
          throw new IllegalArgumentException("array \"" + ARRAYS[i] + "\" has shape " + Arrays.toString(have)
              + ", this run needs " + Arrays.toString(want));
        }
      }
      long floats = 4L * emb + 4L * dense;
      if (b.remaining() != floats * 4) {
        throw new IllegalArgumentException("expected " + floats * 4 + " bytes of arrays, found " + b.remaining());
      }
      float[][] a = new float[ARRAYS.length][];
      for (int i = 0; i < ARRAYS.length; i++) {
        a[i] = new float[isDense(i) ? dense : emb];
        for (int k = 0; k < a[i].length; k++) {
          a[i][k] = b.getFloat();
        }
      }
      Weights w = new Weights(a[0], a[1], vocab, cfg);
      Weights best = new Weights(a[2], a[3], vocab, cfg);
      HardmaxTrainer.Adam adam = new HardmaxTrainer.Adam(tc, cfg.dim(), a[6], a[7], a[4], a[5], step);
      return new TrainingState(w, adam, best, dbl(h, "best_accuracy"), bestEpoch, sinceBest, epoch,
          required(h, "finished").asBoolean(), history);
    } catch (IOException | IllegalArgumentException | NullPointerException | ArithmeticException e) {
      throw new ModelFileException(src + ": invalid checkpoint (" + String.valueOf(e.getMessage()).split("\n")[0] + ")", e);
    }
  }

  /** Whether array {@code i} of {@link #ARRAYS} has the dense parameters' shape (else the embeddings'). */
  private static boolean isDense(int i) {
    return i == 1 || i == 3 || i >= 6;
  }

  private static int[] shape(int i, int vocab, int dim, int dense) {
    return isDense(i) ? new int[] {dense} : new int[] {vocab, dim};
  }

  /**
   * The first field of this run's configuration that the checkpoint's differs in, as "checkpoint field=X, this
   * run field=Y" (the field's name without its record), or the settings' counts when only the field sets differ.
   */
  static String difference(Map<String, String> checkpoint, Map<String, String> now) {
    for (Map.Entry<String, String> e : now.entrySet()) {
      String name = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
      String old = checkpoint.get(e.getKey());
      if (old == null) {
        return "checkpoint has no " + e.getKey() + ", this run " + name + "=" + e.getValue();
      }
      if (!old.equals(e.getValue())) {
        return "checkpoint " + name + "=" + old + ", this run " + name + "=" + e.getValue();
      }
    }
    return "checkpoint has " + checkpoint.size() + " settings, this run " + now.size();
  }

  private static String abbreviate(String hex) {
    return hex.length() > 12 ? hex.substring(0, 12) + "..." : hex;
  }

  private static JsonNode required(JsonNode h, String field) {
    JsonNode n = h.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return n;
  }

  private static double dbl(JsonNode h, String field) {
    return Double.parseDouble(required(h, field).asText());
  }
}
