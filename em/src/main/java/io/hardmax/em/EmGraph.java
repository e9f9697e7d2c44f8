package io.hardmax.em;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link LearnedEmTransformer} as a SameDiff graph (double precision) with a batched cross-entropy loss.
 * Placeholders: {@code x} points [B, n, d], {@code m} start centres [B, K, d], {@code y} one-hot targets [B, n, K]
 * (B, n and K are dynamic, so one graph serves every K). Variables per layer l: {@code wq_l, wk_l, wv_l, wo_l}
 * [d, d], {@code logbeta_l}, {@code gamma_l} (scalars). Outputs: {@code logr} the last E-step's log
 * responsibilities [B, n, K], {@code centres} [B, K, d], {@code loss} = {@code -sum(y * logr) / (B n)}.
 *
 * <p>Workarounds for ND4J 1.0.0-M2.1 found while building this: {@code sd.nn.logSoftmax} fails when the gradient
 * function is created ("Error setting property for function ...LogSoftMax", {@code NoSuchMethodException:
 * java.lang.Integer.values()}), so the log-softmax is written out (max-subtracted log-sum-exp); and the backward
 * pass of {@code sd.tensorMmul} of a rank-3 by a rank-2 array fails ("ShapeUtils::evalShapeForTensorDot ... the
 * dimensions at given axes for both input arrays must be the same"), so token projections reshape to [B*T, d],
 * multiply, and reshape back to the dynamic shape.
 */
final class EmGraph {

  final SameDiff sd;
  private final int layers;
  private final int d;

  EmGraph(LearnedEmTransformer init) {
    this.layers = init.layers();
    this.d = init.dimension();
    this.sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, -1, d);
    SDVariable m = sd.placeHolder("m", DataType.DOUBLE, -1, -1, d);
    SDVariable y = sd.placeHolder("y", DataType.DOUBLE, -1, -1, -1);
    double[][][] wq = init.wq();
    double[][][] wk = init.wk();
    double[][][] wv = init.wv();
    double[][][] wo = init.wo();
    double[] logBeta = init.logBeta();
    double[] gamma = init.gamma();
    SDVariable mu = m;
    SDVariable logPi = null; // the start's log pi is 0: a constant over c, it cancels in the softmax
    SDVariable logR = null;
    for (int l = 0; l < layers; l++) {
      SDVariable vq = sd.var("wq_" + l, Nd4j.createFromArray(wq[l]));
      SDVariable vk = sd.var("wk_" + l, Nd4j.createFromArray(wk[l]));
      SDVariable vv = sd.var("wv_" + l, Nd4j.createFromArray(wv[l]));
      SDVariable vo = sd.var("wo_" + l, Nd4j.createFromArray(wo[l]));
      SDVariable lb = sd.var("logbeta_" + l, Nd4j.scalar(logBeta[l]));
      SDVariable g = sd.var("gamma_" + l, Nd4j.scalar(gamma[l]));
      // E-step: points attend to centres
      SDVariable q = project(x, vq); // [B, n, d]
      SDVariable key = project(mu, vk); // [B, K, d]
      SDVariable keyNorm = sd.permute(key.mul(key).sum(true, 2), 0, 2, 1); // [B, 1, K]
      SDVariable s = sd.mmul(q, key, false, true, false).mul(2.0).sub(keyNorm).mul(sd.math.exp(lb)); // [B, n, K]
      if (logPi != null) {
        s = s.add(logPi.mul(g));
      }
      SDVariable shifted = s.sub(s.max(true, 2));
      logR = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 2)));
      SDVariable r = sd.math.exp(logR);
      // M-step: centres attend to points with weights r normalised over the points
      SDVariable mass = r.sum(true, 1); // [B, 1, K]
      SDVariable attention = r.div(mass.add(LearnedEmTransformer.EPS_ATTENTION)); // [B, n, K]
      SDVariable u = sd.mmul(attention, project(x, vv), true, false, false); // [B, K, d]
      mu = mu.add(project(u.sub(mu), vo));
      logPi = sd.math.log(r.mean(true, 1).add(LearnedEmTransformer.EPS_PRIOR)); // [B, 1, K]
    }
    logR.rename("logr");
    mu.rename("centres");
    SDVariable count = sd.sizeAt(y, 0).mul(sd.sizeAt(y, 1)).castTo(DataType.DOUBLE);
    SDVariable loss = logR.mul(y).sum().neg().div(count);
    loss.rename("loss");
    sd.setLossVariables("loss");
    io.hardmax.spectral.SameDiffs.createGradientsQuietly(sd);
  }

  /** a [B, T, d] times w [d, d], through a rank-2 product. */
  private SDVariable project(SDVariable a, SDVariable w) {
    return sd.reshape(sd.mmul(sd.reshape(a, -1, d), w), sd.shape(a));
  }

  /** Names of the trainable variables. */
  List<String> variableNames() {
    List<String> names = new java.util.ArrayList<>();
    for (int l = 0; l < layers; l++) {
      for (String p : new String[] {"wq_", "wk_", "wv_", "wo_", "logbeta_", "gamma_"}) {
        names.add(p + l);
      }
    }
    return names;
  }

  /** Points and start centres of a batch (same n and K in every instance). */
  static Map<String, INDArray> inputs(List<EmTransformerTrainer.Instance> batch) {
    int b = batch.size();
    int n = batch.get(0).points().length;
    int k = batch.get(0).start().length;
    int d = batch.get(0).points()[0].length;
    double[][][] x = new double[b][][];
    double[][][] m = new double[b][][];
    for (int t = 0; t < b; t++) {
      EmTransformerTrainer.Instance in = batch.get(t);
      if (in.points().length != n || in.start().length != k || in.points()[0].length != d) {
        throw new IllegalArgumentException("instance " + t + " of the batch has n = " + in.points().length + ", K = "
            + in.start().length + ", d = " + in.points()[0].length + "; expected " + n + ", " + k + ", " + d
            + " as the first");
      }
      x[t] = in.points();
      m[t] = in.start();
    }
    Map<String, INDArray> ph = new HashMap<>();
    ph.put("x", Nd4j.createFromArray(x));
    ph.put("m", Nd4j.createFromArray(m));
    return ph;
  }

  /**
   * One-hot targets [B, n, K]: each instance's true labels relabelled by {@link #matching}, given the log
   * responsibilities of the current weights per instance ([n][K] each).
   */
  static INDArray matchedTargets(List<EmTransformerTrainer.Instance> batch, List<double[][]> logR) {
    int b = batch.size();
    int n = batch.get(0).labels().length;
    int k = batch.get(0).start().length;
    double[][][] y = new double[b][n][k];
    for (int t = 0; t < b; t++) {
      int[] truth = batch.get(t).labels();
      int[] perm = matching(truth, logR.get(t));
      for (int i = 0; i < n; i++) {
        y[t][i][perm[truth[i]]] = 1;
      }
    }
    return Nd4j.createFromArray(y);
  }

  /**
   * The permutation of the true labels that maximises the log-likelihood {@code sum_i logr[i][perm(y_i)]}, so the
   * loss is {@code min over permutations} of the cross-entropy (its gradient is that of the minimising
   * permutation).
   *
   * @param truth true labels [n]
   * @param logR  log responsibilities [n][K]
   */
  static int[] matching(int[] truth, double[][] logR) {
    int k = logR[0].length;
    double[][] gain = new double[k][k];
    for (int i = 0; i < truth.length; i++) {
      for (int c = 0; c < k; c++) {
        gain[truth[i]][c] += logR[i][c];
      }
    }
    return LabelMatching.bestPermutation(gain);
  }

  /** Sets every trainable variable to the weights of {@code model} (same L and d). */
  void setWeights(LearnedEmTransformer model) {
    double[][][][] w = {model.wq(), model.wk(), model.wv(), model.wo()};
    String[] names = {"wq_", "wk_", "wv_", "wo_"};
    double[] logBeta = model.logBeta();
    double[] gamma = model.gamma();
    for (int l = 0; l < layers; l++) {
      for (int p = 0; p < 4; p++) {
        sd.getVariable(names[p] + l).getArr().assign(Nd4j.createFromArray(w[p][l]));
      }
      sd.getVariable("logbeta_" + l).getArr().assign(logBeta[l]);
      sd.getVariable("gamma_" + l).getArr().assign(gamma[l]);
    }
  }

  /** Log responsibilities [B, n, K] of the last E-step. */
  INDArray logResponsibilities(Map<String, INDArray> inputs) {
    return sd.output(inputs, "logr").get("logr");
  }

  /** The loss for inputs with targets {@code y}. */
  double loss(Map<String, INDArray> inputs, INDArray y) {
    Map<String, INDArray> ph = new HashMap<>(inputs);
    ph.put("y", y);
    return sd.output(ph, "loss").get("loss").getDouble(0);
  }

  /**
   * Gradient of the loss in the order of {@link LearnedEmTransformer#flatten()}; variables the loss does not
   * depend on (gamma of the first layer, whose log pi is a constant, and the last layer's M-step, which only
   * moves the output centres) have gradient 0 (SameDiff returns none for them).
   */
  double[] flatGradient(Map<String, INDArray> inputs, INDArray y) {
    Map<String, INDArray> g = gradients(inputs, y);
    double[] flat = new double[layers * (4 * d * d + 2)];
    int o = 0;
    for (int l = 0; l < layers; l++) {
      for (String p : new String[] {"wq_", "wk_", "wv_", "wo_"}) {
        INDArray v = g.get(p + l);
        if (v != null) {
          System.arraycopy(v.dup('c').ravel().toDoubleVector(), 0, flat, o, d * d);
        }
        o += d * d;
      }
      flat[o++] = g.containsKey("logbeta_" + l) ? g.get("logbeta_" + l).getDouble(0) : 0;
      flat[o++] = g.containsKey("gamma_" + l) ? g.get("gamma_" + l).getDouble(0) : 0;
    }
    return flat;
  }

  /** Gradients of the loss with respect to every trainable variable. */
  Map<String, INDArray> gradients(Map<String, INDArray> inputs, INDArray y) {
    Map<String, INDArray> ph = new HashMap<>(inputs);
    ph.put("y", y);
    return sd.calculateGradients(ph, variableNames());
  }

  /** The current weights as an immutable model. */
  LearnedEmTransformer weights() {
    double[][][][] w = new double[4][layers][][];
    double[] logBeta = new double[layers];
    double[] gamma = new double[layers];
    String[] names = {"wq_", "wk_", "wv_", "wo_"};
    for (int l = 0; l < layers; l++) {
      for (int p = 0; p < 4; p++) {
        w[p][l] = sd.getVariable(names[p] + l).getArr().toDoubleMatrix();
      }
      logBeta[l] = sd.getVariable("logbeta_" + l).getArr().getDouble(0);
      gamma[l] = sd.getVariable("gamma_" + l).getArr().getDouble(0);
    }
    return new LearnedEmTransformer(w[0], w[1], w[2], w[3], logBeta, gamma);
  }
}
