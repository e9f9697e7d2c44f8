package io.hardmax.spectral;

import io.hardmax.core.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The training loop of the plain-Java trainers ({@link SpectralBackprop} here, the EM transformer's in module
 * {@code em}): Adam with a schedule and clipping, periodic evaluation keeping the parameters with the lowest
 * validation loss, a progress line with the loss and an ETA, and checkpoints that make a stopped run resume to the
 * same bits as an uninterrupted one (the batch of step s must depend only on the seed and s, see
 * {@link #stepSeed}).
 *
 * <p>Checkpoint file (binary, big-endian, written atomically with {@link AtomicFiles}): magic
 * {@code "HMXLEARN"}, version int, fingerprint (UTF; the caller's description of model, data and options, which a
 * resume must match), step, parameter count P, parameters [P], Adam's first and second moments [P] each, best
 * step, best validation loss, best parameters [P], the evaluations so far (count, then per evaluation its step, the
 * number of values and the values), the training loss of every step so far, and a CRC-32 of all preceding bytes.
 */
public final class JavaTrainer {

  static final String MAGIC = "HMXLEARN";
  static final int VERSION = 1;

  private JavaTrainer() {}

  /** What is trained. */
  public interface Problem {
    /**
     * The training loss of step {@code step}'s batch (0-based; the batch must depend only on the seed and the
     * step) at {@code params}, with the gradient written into {@code grad}.
     */
    double lossAndGradient(double[] params, int step, double[] grad);

    /**
     * Evaluation at {@code params}: entry 0 is the validation loss (lower is better; it selects the kept
     * parameters), further entries are reported only (e.g. the test metric of a learning curve).
     */
    double[] evaluate(double[] params);
  }

  /**
   * @param steps           Adam steps, &gt;= 1
   * @param schedule        learning rate per step (its {@code steps} should equal {@code steps})
   * @param clip            gradient-norm clip, &gt; 0
   * @param evalEvery       steps between evaluations, &gt;= 1 (also at step 0 and at the last step)
   * @param checkpoint      checkpoint file, or null for none; an existing file is resumed from
   * @param checkpointEvery steps between checkpoints, &gt;= 1
   * @param fingerprint     what the checkpoint must match to be resumed (model, data, options, seed, threads)
   */
  public record Options(int steps, Adam.Schedule schedule, double clip, int evalEvery, Path checkpoint,
      int checkpointEvery, String fingerprint) {
    public Options {
      if (steps < 1 || evalEvery < 1 || checkpointEvery < 1 || !(clip > 0) || schedule == null
          || fingerprint == null) {
        throw new IllegalArgumentException("need steps, evalEvery, checkpointEvery >= 1, clip > 0, a schedule and a "
            + "fingerprint; found steps = " + steps + ", evalEvery = " + evalEvery + ", checkpointEvery = "
            + checkpointEvery + ", clip = " + clip);
      }
    }
  }

  /**
   * @param best        parameters with the lowest validation loss among the evaluations
   * @param bestStep    the step they come from
   * @param last        parameters after the last step
   * @param evalSteps   step of each evaluation
   * @param evaluations what {@link Problem#evaluate} returned at each of them
   * @param trainLoss   training loss of every step, [steps]
   * @param seconds     wall time of this run (a resumed run counts only its own part)
   * @param resumedFrom the checkpoint step this run started from, or 0
   */
  public record Result(double[] best, int bestStep, double[] last, int[] evalSteps, double[][] evaluations,
      double[] trainLoss, double seconds, int resumedFrom) {}

  /** A seed for step {@code step}'s batch from the run's seed (SplitMix64 finaliser of the pair). */
  public static long stepSeed(long seed, int step) {
    long z = seed + 0x9E3779B97F4A7C15L * (step + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Trains from {@code init} (or resumes from the checkpoint when its file exists). */
  public static Result train(double[] init, Options o, Problem problem, Consumer<String> log) throws IOException {
    long t0 = System.nanoTime();
    int size = init.length;
    double[] p = init.clone();
    Adam adam = new Adam(size, o.schedule(), o.clip());
    double[] grad = new double[size];
    double[] trainLoss = new double[o.steps()];
    List<Integer> evalSteps = new ArrayList<>();
    List<double[]> evals = new ArrayList<>();
    double[] best;
    int bestStep;
    double bestLoss;
    int start = 0;
    if (o.checkpoint() != null && Files.exists(o.checkpoint())) {
      State s = read(o.checkpoint(), o.fingerprint(), size, o.steps());
      p = s.params;
      adam.restore(s.m, s.v, s.step);
      best = s.best;
      bestStep = s.bestStep;
      bestLoss = s.bestLoss;
      evalSteps.addAll(s.evalSteps);
      evals.addAll(s.evals);
      System.arraycopy(s.trainLoss, 0, trainLoss, 0, s.step);
      start = s.step;
      log.accept(String.format(Locale.ROOT, "resumed from %s at step %d (best validation %.5f at step %d)",
          o.checkpoint(), start, bestLoss, bestStep));
    } else {
      double[] e = problem.evaluate(p);
      evalSteps.add(0);
      evals.add(e);
      best = p.clone();
      bestStep = 0;
      bestLoss = e[0];
      log.accept(String.format(Locale.ROOT, "step 0/%d: validation %.5f %s", o.steps(), e[0], tail(e)));
    }
    long lastLine = System.nanoTime();
    int resumed = start;
    for (int step = start; step < o.steps(); step++) {
      double loss = problem.lossAndGradient(p, step, grad);
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("step " + (step + 1) + ": the training loss is " + loss
            + " (diverged); lower the learning rate");
      }
      trainLoss[step] = loss;
      double norm = adam.update(p, grad);
      int done = step + 1;
      boolean evalNow = done % o.evalEvery() == 0 || done == o.steps();
      if (evalNow) {
        double[] e = problem.evaluate(p);
        evalSteps.add(done);
        evals.add(e);
        if (e[0] < bestLoss) {
          bestLoss = e[0];
          best = p.clone();
          bestStep = done;
        }
      }
      long now = System.nanoTime();
      if (evalNow || now - lastLine > 15e9) {
        lastLine = now;
        double elapsed = (now - t0) / 1e9;
        double eta = elapsed / (done - resumed) * (o.steps() - done);
        int from = Math.max(0, done - 100);
        double avg = 0;
        for (int j = from; j < done; j++) {
          avg += trainLoss[j] / (done - from);
        }
        String e = evalNow ? String.format(Locale.ROOT, ", validation %.5f %s (best %.5f at %d)", evals.get(evals.size() - 1)[0],
            tail(evals.get(evals.size() - 1)), bestLoss, bestStep) : "";
        log.accept(String.format(Locale.ROOT, "step %d/%d: loss %.5f (mean of last %d), lr %.2e, |g| %.3g%s, "
            + "%.1f steps/s, ETA %s", done, o.steps(), avg, done - from, o.schedule().rate(done), norm, e,
            (done - resumed) / elapsed, duration(eta)));
      }
      if (o.checkpoint() != null && (done % o.checkpointEvery() == 0 || done == o.steps())) {
        write(o.checkpoint(), new State(o.fingerprint(), done, p, adam.moments()[0], adam.moments()[1], bestStep,
            bestLoss, best, evalSteps, evals, Arrays.copyOf(trainLoss, done)));
      }
    }
    return new Result(best, bestStep, p, evalSteps.stream().mapToInt(Integer::intValue).toArray(),
        evals.toArray(new double[0][]), trainLoss, (System.nanoTime() - t0) / 1e9, resumed);
  }

  private static String tail(double[] e) {
    if (e.length < 2) {
      return "";
    }
    StringBuilder b = new StringBuilder("[");
    for (int j = 1; j < e.length; j++) {
      b.append(j > 1 ? " " : "").append(String.format(Locale.ROOT, "%.4f", e[j]));
    }
    return b.append(']').toString();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  /** A checkpoint's content. */
  record State(String fingerprint, int step, double[] params, double[] m, double[] v, int bestStep, double bestLoss,
      double[] best, List<Integer> evalSteps, List<double[]> evals, double[] trainLoss) {}

  static void write(Path file, State s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
      out.writeInt(VERSION);
      out.writeUTF(s.fingerprint);
      out.writeInt(s.step);
      out.writeInt(s.params.length);
      doubles(out, s.params);
      doubles(out, s.m);
      doubles(out, s.v);
      out.writeInt(s.bestStep);
      out.writeDouble(s.bestLoss);
      doubles(out, s.best);
      out.writeInt(s.evalSteps.size());
      for (int i = 0; i < s.evalSteps.size(); i++) {
        out.writeInt(s.evalSteps.get(i));
        out.writeInt(s.evals.get(i).length);
        doubles(out, s.evals.get(i));
      }
      out.writeInt(s.trainLoss.length);
      doubles(out, s.trainLoss);
    }
    byte[] body = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(body);
    AtomicFiles.write(file, os -> {
      DataOutputStream out = new DataOutputStream(os);
      out.write(body);
      out.writeLong(crc.getValue());
      out.flush();
    });
  }

  private static void doubles(DataOutputStream out, double[] a) throws IOException {
    for (double x : a) {
      out.writeDouble(x);
    }
  }

  static State read(Path file, String fingerprint, int size, int steps) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < MAGIC.length() + 12) {
      throw new CheckpointException(file + ": too short for a hardmax training checkpoint (" + all.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    long stored = new DataInputStream(new ByteArrayInputStream(all, all.length - 8, 8)).readLong();
    if (stored != crc.getValue()) {
      throw new CheckpointException(file + ": checksum mismatch (the checkpoint is damaged); delete it to start afresh");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
      byte[] magic = in.readNBytes(MAGIC.length());
      if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new CheckpointException(file + ": not a hardmax training checkpoint (expected magic " + MAGIC + ")");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CheckpointException(file + ": checkpoint version " + version + ", expected " + VERSION);
      }
      String f = in.readUTF();
      if (!f.equals(fingerprint)) {
        throw new CheckpointException(file + ": the checkpoint belongs to another run (" + f + "), expected (" + fingerprint
            + "); delete it or choose another file");
      }
      int step = in.readInt();
      int n = in.readInt();
      if (n != size || step < 0 || step > steps) {
        throw new CheckpointException(file + ": expected " + size + " parameters and step <= " + steps + ", found " + n
            + " and " + step);
      }
      double[] p = doubles(in, n);
      double[] m = doubles(in, n);
      double[] v = doubles(in, n);
      int bestStep = in.readInt();
      double bestLoss = in.readDouble();
      double[] best = doubles(in, n);
      int ne = in.readInt();
      List<Integer> es = new ArrayList<>();
      List<double[]> ev = new ArrayList<>();
      for (int i = 0; i < ne; i++) {
        es.add(in.readInt());
        ev.add(doubles(in, in.readInt()));
      }
      double[] tl = doubles(in, in.readInt());
      if (tl.length != step) {
        throw new CheckpointException(file + ": expected " + step + " training losses, found " + tl.length);
      }
      return new State(f, step, p, m, v, bestStep, bestLoss, best, es, ev, tl);
    }
  }

  private static double[] doubles(DataInputStream in, int n) throws IOException {
    if (n < 0 || n > 1 << 26) {
      throw new IOException("implausible array length " + n);
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }
}
