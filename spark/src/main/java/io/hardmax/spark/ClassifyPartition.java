package io.hardmax.spark;

import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.TokenContribution;
import io.hardmax.nlp.Encoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The work of {@link HardmaxSentiment} on one partition: every input row, in order, with the new columns appended
 * (see {@link HardmaxSentiment} for their layout). The model comes from the broadcast through the per-JVM cache;
 * the tokenizer is the task thread's own. Rows are mapped lazily, one at a time.
 */
final class ClassifyPartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<ModelBytes> model;
  private final int inputIndex;
  private final int inputWidth;
  private final boolean explain;
  private final int maxChars;

  ClassifyPartition(Broadcast<ModelBytes> model, int inputIndex, int inputWidth, boolean explain, int maxChars) {
    this.model = model;
    this.inputIndex = inputIndex;
    this.inputWidth = inputWidth;
    this.explain = explain;
    this.maxChars = maxChars;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    ExecutorModels.Loaded m = ExecutorModels.get(model.value());
    Encoder encoder = m.encoder();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        Object[] v = new Object[inputWidth + HardmaxSentiment.added(explain)];
        for (int i = 0; i < inputWidth; i++) {
          v[i] = r.get(i);
        }
        ReviewCheck c = ReviewCheck.of(r.get(inputIndex), maxChars);
        if (c.reason() != null) {
          v[v.length - 1] = c.reason();
        } else {
          fill(v, inputWidth, m.model().explain(encoder.encode(c.text())), explain);
        }
        return RowFactory.create(v);
      }
    };
  }

  /** Writes the new columns of one explained review from {@code at} on (the error column, last, stays null). */
  static void fill(Object[] v, int at, Explanation e, boolean explain) {
    v[at] = e.label();
    v[at + 1] = e.probability();
    v[at + 2] = e.logit();
    v[at + 3] = leaders(e).toArray(new String[0]);
    if (explain) {
      v[at + 4] = e.bias();
      v[at + 5] = e.paddingContribution();
      Row[] tokens = new Row[e.tokens().size()];
      for (int i = 0; i < tokens.length; i++) {
        TokenContribution t = e.tokens().get(i);
        tokens[i] = RowFactory.create(t.text(), t.begin(), t.end(), t.leader(), t.contribution(), t.contributionAlone());
      }
      v[at + 6] = tokens;
    }
  }

  /** The words of the leaders, clusters by |contribution| descending, the padding cluster left out (as the JSONL). */
  static List<String> leaders(Explanation e) {
    List<String> out = new ArrayList<>();
    for (ClusterContribution c : e.clusters()) {
      if (c.leader() >= 0) {
        out.add(c.leaderText());
      }
    }
    return out;
  }
}
