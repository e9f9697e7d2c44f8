package io.hardmax.attention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a hardmax transformer with the softmax surrogate (Alcalde et al. 2025, section 5): binary
 * cross-entropy, hand-written backward pass, Adam with global-norm clipping, seeded shuffling, early stopping on
 * the validation accuracy at exact hardmax (never on test data), the best epoch's weights kept.
 *
 * <p>Embeddings use lazy Adam: only the rows a batch touched are updated (their moments decay only when
 * touched), as in TensorFlow's LazyAdam; dense parameters use ordinary Adam. Decoupled weight decay (AdamW)
 * applies to touched embedding rows and the readout.
 *
 * <p>Determinism: a batch is split into {@code threads} contiguous chunks, one per worker with its own
 * gradient buffer; buffers are summed in worker order and touched rows updated in ascending id order, so a seed
 * and a thread count give the same weights bit for bit.
 */
public final class HardmaxTrainer {
  private final HardmaxConfig config;
  private final TrainerConfig tc;
  private final SequenceLayout layout;

  public HardmaxTrainer(HardmaxConfig config, TrainerConfig trainerConfig) {
    this(config, trainerConfig, SequenceLayout.NONE);
  }

  /**
   * @param layout the vocabulary's bigram entries and sentence ends, which place tokens for the word-order
   *               variants ({@link SequenceLayout#of})
   */
  public HardmaxTrainer(HardmaxConfig config, TrainerConfig trainerConfig, SequenceLayout layout) {
    this.config = config;
    this.tc = trainerConfig;
    this.layout = layout;
  }

  /**
   * The result of training.
   *
   * @param network   the network with the best validation weights
   * @param history   every epoch
   * @param bestEpoch the epoch whose weights were kept (1-based)
   */
  public record Result(Network network, List<EpochStats> history, int bestEpoch) {
    public EpochStats best() {
      return history.get(bestEpoch - 1);
    }
  }

  /** Random initial weights for a vocabulary of {@code vocab} ids. */
  public Network initial(int vocab) {
    return new Network(config, Weights.init(config, vocab, tc.seed(), tc.embeddingInitStd()), layout);
  }

  /**
   * Trains from scratch.
   *
   * @param vocab       vocabulary size
   * @param train       token ids of the training reviews (not padded)
   * @param trainLabels their labels, 0 or 1
   * @param val         validation ids (carved from training data)
   * @param valLabels   their labels
   */
  public Result train(int vocab, List<int[]> train, int[] trainLabels, List<int[]> val, int[] valLabels,
      TrainingListener listener) {
    return train(initial(vocab), train, trainLabels, val, valLabels, listener);
  }

  /** Trains on from given weights (fresh optimiser state, epoch 1). */
  public Result train(Network start, List<int[]> train, int[] trainLabels, List<int[]> val, int[] valLabels,
      TrainingListener listener) {
    checkInputs(train, trainLabels, val, valLabels);
    return run(TrainingState.fresh(start.weights().copy(), tc), null, null, train, trainLabels, val, valLabels, listener);
  }

  /**
   * Trains from scratch or, when {@code checkpointing.resume()}, on from its checkpoint file; when
   * {@code checkpointing} is not null a checkpoint is written atomically after every epoch. A resumed run gives
   * the same weights bit for bit as a run that was never interrupted (same seed and thread count).
   *
   * @throws ModelFileException when the checkpoint cannot be read or belongs to other data or configuration
   */
  public Result train(int vocab, List<int[]> train, int[] trainLabels, List<int[]> val, int[] valLabels,
      TrainingListener listener, Checkpointing checkpointing) {
    checkInputs(train, trainLabels, val, valLabels);
    if (checkpointing == null) {
      return train(vocab, train, trainLabels, val, valLabels, listener);
    }
    Checkpoint.Fingerprint fp = Checkpoint.fingerprint(config, tc, checkpointing.context(), checkpointing.dataId(),
        vocab, train, trainLabels, val, valLabels);
    TrainingState state = checkpointing.resume()
        ? Checkpoint.read(checkpointing.file(), fp, config, tc, vocab)
        : TrainingState.fresh(initial(vocab).weights(), tc);
    return run(state, checkpointing, fp, train, trainLabels, val, valLabels, listener);
  }

  private static void checkInputs(List<int[]> train, int[] trainLabels, List<int[]> val, int[] valLabels) {
    if (train.size() != trainLabels.length || val.size() != valLabels.length) {
      throw new IllegalArgumentException("ids and labels differ in count: " + train.size() + " vs "
          + trainLabels.length + ", " + val.size() + " vs " + valLabels.length);
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training reviews");
    }
  }

  /**
   * Embedding dropout by word type: copies into {@code out} the tokens of {@code ids} whose word survives in
   * this epoch and review, and returns how many. A word is dropped, all its copies together, when the uniform
   * number hashed from (seed, epoch, review, word id) is below {@code p}; the draw is a pure function of those
   * four values, so it is the same on any thread count and after a resume. When every word would be dropped the
   * review is kept whole (an empty review has no gradient to give).
   */
  static int dropWords(int[] ids, int[] out, double p, long seed, int epoch, int review) {
    return dropWords(ids, out, p, seed, epoch, review, null, null, null, null);
  }

  /**
   * As {@link #dropWords(int[], int[], double, long, int, int)}, also copying the positions of the kept tokens
   * from {@code posIn} to {@code posOut} when they are not null (word-order variants: the kept words keep their
   * places and sentences in the review; {@code sentIn}/{@code sentOut} likewise).
   */
  static int dropWords(int[] ids, int[] out, double p, long seed, int epoch, int review, float[] posIn, float[] posOut,
      int[] sentIn, int[] sentOut) {
    long base = mix(mix(seed ^ 0x3C6EF372FE94F82AL) + epoch * 0x9E3779B97F4A7C15L + review);
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      double u = (mix(base + id * 0xBF58476D1CE4E5B9L) >>> 11) * 0x1.0p-53;
      if (u >= p) {
        if (posOut != null) {
          posOut[n] = posIn[i];
          sentOut[n] = sentIn[i];
        }
        out[n++] = id;
      }
    }
    if (n == 0) {
      System.arraycopy(ids, 0, out, 0, ids.length);
      if (posOut != null) {
        System.arraycopy(posIn, 0, posOut, 0, ids.length);
        System.arraycopy(sentIn, 0, sentOut, 0, ids.length);
      }
      n = ids.length;
    }
    return n;
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser (the mixer of SplittableRandom). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The shuffling of epoch 1, 2, ...: one stream over the whole run, each epoch permuting the last order. */
  private static void shuffle(int[] order, SplittableRandom rnd) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int x = order[i];
      order[i] = order[j];
      order[j] = x;
    }
  }

  private Result run(TrainingState st, Checkpointing ck, Checkpoint.Fingerprint fp, List<int[]> train,
      int[] trainLabels, List<int[]> val, int[] valLabels, TrainingListener listener) {
    Weights w = st.weights;
    Adam adam = st.adam;
    int threads = tc.threads();
    Gradients[] grads = new Gradients[threads];
    Workspace[] ws = new Workspace[threads];
    int[][] kept = new int[threads][0]; // per thread: the token ids a review keeps under word dropout
    float[][] fullPos = new float[threads][0]; // per thread: positions of a whole review (word-order variants)
    float[][] keptPos = new float[threads][0]; // per thread: positions of the tokens kept under word dropout
    int[][] fullSent = new int[threads][0]; // per thread: sentence ids of a whole review
    int[][] keptSent = new int[threads][0]; // per thread: sentence ids of the kept tokens
    boolean positional = config.wordOrder().positional();
    for (int t = 0; t < threads; t++) {
      grads[t] = new Gradients(w);
      ws[t] = new Workspace(config, layout);
    }
    SplittableRandom rnd = new SplittableRandom(tc.seed() ^ 0x5DEECE66DL);
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // a resumed run replays the shuffles of the epochs it skips: the order and the random stream are then
    // exactly where the uninterrupted run had them (a few random ints per review and epoch, no state to save)
    for (int e = 1; e <= st.epoch; e++) {
      shuffle(order, rnd);
    }
    ExecutorService pool = threads > 1 && !st.finished ? Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "hardmax-train");
      t.setDaemon(true);
      return t;
    }) : null;
    try {
      for (int epoch = st.epoch + 1; epoch <= tc.maxEpochs() && !st.finished; epoch++) {
        int ep = epoch;
        boolean hardEpoch = epoch > tc.maxEpochs() - tc.hardmaxEpochs();
        shuffle(order, rnd);
        int steps = (order.length + tc.batchSize() - 1) / tc.batchSize();
        long t0 = System.nanoTime();
        double lossSum = 0;
        long hits = 0;
        for (int s = 0; s < steps; s++) {
          int from = s * tc.batchSize();
          int to = Math.min(order.length, from + tc.batchSize());
          float[][] aMats = Network.attentionMatrices(config, w);
          double[] stepStats = new double[2 * threads];
          int count = to - from;
          int chunk = (count + threads - 1) / threads;
          Runnable[] jobs = new Runnable[threads];
          for (int t = 0; t < threads; t++) {
            int tf = from + t * chunk;
            int tt = Math.min(to, tf + chunk);
            int ti = t;
            jobs[t] = () -> {
              Workspace wsp = ws[ti];
              Gradients g = grads[ti];
              double loss = 0;
              int h = 0;
              for (int k = tf; k < tt; k++) {
                int ex = order[k];
                int[] ids = train.get(ex);
                int len = ids.length;
                float[] positions = null;
                int[] sentences = null;
                if (tc.wordDropout() > 0) {
                  if (kept[ti].length < len) {
                    kept[ti] = new int[len];
                    fullPos[ti] = new float[len];
                    keptPos[ti] = new float[len];
                    fullSent[ti] = new int[len];
                    keptSent[ti] = new int[len];
                  }
                  if (positional) {
                    layout.place(ids, len, fullPos[ti], fullSent[ti]);
                    positions = keptPos[ti];
                    sentences = keptSent[ti];
                  }
                  len = dropWords(ids, kept[ti], tc.wordDropout(), tc.seed(), ep, ex, positional ? fullPos[ti] : null,
                      positions, fullSent[ti], sentences);
                  ids = kept[ti];
                }
                double logit = wsp.forward(ids, len, w, aMats, hardEpoch, config.depth(), true, positions, sentences);
                int y = trainLabels[ex];
                loss += Network.bce(logit, y);
                if ((logit >= 0 ? 1 : 0) == y) {
                  h++;
                }
                double gLogit = (Weights.sigmoid(logit) - y) / count;
                wsp.backward(gLogit, w, aMats, g, config.depth());
              }
              stepStats[2 * ti] = loss;
              stepStats[2 * ti + 1] = h;
            };
          }
          List<Future<?>> fs = new ArrayList<>();
          for (int t = 1; t < threads; t++) {
            fs.add(pool.submit(jobs[t]));
          }
          jobs[0].run(); // chunk 0 on this thread
          for (Future<?> f : fs) {
            f.get();
          }
          for (int t = 1; t < threads; t++) {
            grads[0].add(grads[t]);
            grads[t].clear();
          }
          grads[0].sortTouched();
          adam.step(w, grads[0]);
          grads[0].clear();
          for (int t = 0; t < threads; t++) {
            lossSum += stepStats[2 * t];
            hits += (long) stepStats[2 * t + 1];
          }
          listener.step(epoch, s + 1, steps, lossSum / Math.max(1, to), hits / (double) Math.max(1, to));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Network net = new Network(config, w, layout);
        double[] vs = net.logits(val, false, config.depth(), threads);
        double[] vh = net.logits(val, true, config.depth(), threads);
        double vAccSoft = val.isEmpty() ? Double.NaN : Network.accuracy(vs, valLabels);
        double vAccHard = val.isEmpty() ? Double.NaN : Network.accuracy(vh, valLabels);
        double vLoss = val.isEmpty() ? Double.NaN : Network.bce(vh, valLabels);
        EpochStats es = new EpochStats(epoch, lossSum / order.length, hits / (double) order.length, vAccSoft,
            vAccHard, vLoss, seconds, hardEpoch);
        st.history.add(es);
        boolean improved = val.isEmpty() || vAccHard > st.bestAccuracy;
        if (improved) {
          st.bestAccuracy = vAccHard;
          st.bestEpoch = epoch;
          st.best = w.copy();
          st.sinceBest = 0;
        } else {
          st.sinceBest++;
        }
        boolean stop = st.sinceBest >= tc.patience() && !(tc.hardmaxEpochs() > 0 && !hardEpoch);
        st.epoch = epoch;
        st.finished = stop || epoch == tc.maxEpochs();
        if (ck != null) {
          // before the listener hears of the epoch, so whatever happens after this line can resume from here
          Checkpoint.write(ck.file(), st, fp);
        }
        listener.epoch(es, improved);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("training interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("training step failed: " + e.getCause(), e.getCause());
    } catch (IOException e) {
      throw new UncheckedIOException(ck.file() + ": cannot write the checkpoint (" + e.getMessage() + ")", e);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    return new Result(new Network(config, st.best, layout), List.copyOf(st.history), st.bestEpoch);
  }

  /** Adam for dense parameters, lazy Adam for embedding rows, global-norm clipping, decoupled decay. */
  static final class Adam {
    private final TrainerConfig tc;
    /** [dense] first moments of the dense parameters. */
    final float[] mDense;
    /** [dense] second moments of the dense parameters. */
    final float[] vDense;
    /** [vocab * dim] first moments of the embeddings (lazy: a row changes only when a batch touches it). */
    final float[] mEmb;
    /** [vocab * dim] second moments of the embeddings. */
    final float[] vEmb;
    private final int dim;
    /** Steps taken (the bias correction's t). */
    long t;

    Adam(Weights w, TrainerConfig tc) {
      this(tc, w.dim, new float[w.dense.length], new float[w.dense.length], new float[w.embeddings.length],
          new float[w.embeddings.length], 0);
    }

    /** Adam in a given state (a checkpoint's). */
    Adam(TrainerConfig tc, int dim, float[] mDense, float[] vDense, float[] mEmb, float[] vEmb, long t) {
      this.tc = tc;
      this.dim = dim;
      this.mDense = mDense;
      this.vDense = vDense;
      this.mEmb = mEmb;
      this.vEmb = vEmb;
      this.t = t;
    }

    void step(Weights w, Gradients g) {
      t++;
      double norm2 = 0;
      for (float x : g.dense) {
        norm2 += (double) x * x;
      }
      for (int i = 0; i < g.touchedCount(); i++) {
        int o = g.touched(i) * dim;
        for (int c = 0; c < dim; c++) {
          norm2 += (double) g.emb[o + c] * g.emb[o + c];
        }
      }
      double scale = 1;
      if (tc.clipNorm() > 0 && norm2 > tc.clipNorm() * tc.clipNorm()) {
        scale = tc.clipNorm() / Math.sqrt(norm2);
      }
      double b1 = tc.beta1();
      double b2 = tc.beta2();
      double lr = tc.learningRate() * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      double eps = tc.adamEpsilon();
      double decay = tc.learningRate() * tc.weightDecay();
      int vOff = w.readoutOffset();
      for (int i = 0; i < w.dense.length; i++) {
        double gi = g.dense[i] * scale;
        mDense[i] = (float) (b1 * mDense[i] + (1 - b1) * gi);
        vDense[i] = (float) (b2 * vDense[i] + (1 - b2) * gi * gi);
        double upd = lr * mDense[i] / (Math.sqrt(vDense[i]) + eps);
        boolean readout = i >= vOff && i < vOff + w.dim
            || w.twoChannel && i >= w.readout0Offset() && i < w.readout0Offset() + w.dim;
        if (decay > 0 && readout) {
          w.dense[i] -= (float) (decay * w.dense[i]);
        }
        w.dense[i] -= (float) upd;
      }
      for (int k = 0; k < g.touchedCount(); k++) {
        int o = g.touched(k) * dim;
        for (int c = 0; c < dim; c++) {
          int i = o + c;
          double gi = g.emb[i] * scale;
          mEmb[i] = (float) (b1 * mEmb[i] + (1 - b1) * gi);
          vEmb[i] = (float) (b2 * vEmb[i] + (1 - b2) * gi * gi);
          if (decay > 0) {
            w.embeddings[i] -= (float) (decay * w.embeddings[i]);
          }
          w.embeddings[i] -= (float) (lr * mEmb[i] / (Math.sqrt(vEmb[i]) + eps));
        }
      }
    }
  }
}
