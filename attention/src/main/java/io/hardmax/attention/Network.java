package io.hardmax.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A hardmax transformer (configuration + weights) as a function of token ids: batched, multi-threaded
 * forward passes. Each thread has its own {@link Workspace}; results do not depend on the thread count.
 */
public final class Network {
  private final HardmaxConfig config;
  private final Weights weights;
  private final float[][] aMats;
  private final ThreadLocal<Workspace> workspaces;
  private final SequenceLayout layout;

  Network(HardmaxConfig config, Weights weights) {
    this(config, weights, SequenceLayout.NONE);
  }

  /**
   * @param layout bigram entries and sentence ends of the vocabulary, which place tokens for the word-order
   *               variants
   */
  Network(HardmaxConfig config, Weights weights, SequenceLayout layout) {
    this.config = config;
    this.weights = weights;
    this.layout = layout;
    this.aMats = attentionMatrices(config, weights);
    this.workspaces = ThreadLocal.withInitial(() -> new Workspace(config, layout));
  }

  /** Bigram entries and sentence ends of the vocabulary. */
  SequenceLayout layout() {
    return layout;
  }

  /** A new workspace for this network's configuration. */
  Workspace newWorkspace() {
    return new Workspace(config, layout);
  }

  /** A of every module's heads: head h of module m at {@code [m * heads + h]} (so module m alone with one head). */
  static float[][] attentionMatrices(HardmaxConfig c, Weights w) {
    int heads = c.heads();
    float[][] a = new float[c.modules() * heads][];
    for (int m = 0; m < c.modules(); m++) {
      for (int h = 0; h < heads; h++) {
        a[m * heads + h] = w.attentionMatrix(m, h, c.spdEpsilon());
      }
    }
    return a;
  }

  public HardmaxConfig config() {
    return config;
  }

  Weights weights() {
    return weights;
  }

  float[][] aMats() {
    return aMats;
  }

  /** A workspace of the calling thread (reused across calls). */
  Workspace workspace() {
    return workspaces.get();
  }

  /** The logit of one sequence. */
  public double logit(int[] ids, boolean hardmax) {
    return workspace().forward(ids, ids.length, weights, aMats, hardmax, config.depth());
  }

  /**
   * Logits of many sequences.
   *
   * @param hardmax exact hardmax (inference) or the softmax surrogate
   * @param layers  attention layers to apply: {@code config.depth()} normally, 0 to remove the attention
   * @param threads worker threads
   */
  public double[] logits(List<int[]> ids, boolean hardmax, int layers, int threads) {
    double[] out = new double[ids.size()];
    if (threads <= 1 || ids.size() < 64) {
      Workspace ws = workspace();
      for (int i = 0; i < out.length; i++) {
        int[] s = ids.get(i);
        out[i] = ws.forward(s, s.length, weights, aMats, hardmax, layers);
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hardmax-infer");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> fs = new ArrayList<>();
      int chunk = (out.length + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        int from = t * chunk;
        int to = Math.min(out.length, from + chunk);
        fs.add(pool.submit(() -> {
          Workspace ws = newWorkspace();
          for (int i = from; i < to; i++) {
            int[] s = ids.get(i);
            out[i] = ws.forward(s, s.length, weights, aMats, hardmax, layers);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("forward pass failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** Accuracy of {@code logit >= 0} against 0/1 labels. */
  public static double accuracy(double[] logits, int[] labels) {
    int hit = 0;
    for (int i = 0; i < logits.length; i++) {
      if ((logits[i] >= 0 ? 1 : 0) == labels[i]) {
        hit++;
      }
    }
    return logits.length == 0 ? Double.NaN : hit / (double) logits.length;
  }

  /** Mean binary cross-entropy of logits. */
  public static double bce(double[] logits, int[] labels) {
    double s = 0;
    for (int i = 0; i < logits.length; i++) {
      s += bce(logits[i], labels[i]);
    }
    return s / logits.length;
  }

  static double bce(double logit, int y) {
    // log(1 + e^-x) for y = 1, log(1 + e^x) for y = 0, computed stably
    double x = y == 1 ? -logit : logit;
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }
}
