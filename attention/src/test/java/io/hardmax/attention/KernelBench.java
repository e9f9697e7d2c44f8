package io.hardmax.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ad-hoc speed check of the trainer and the exact-hardmax forward on synthetic data of IMDb's shape (25,000
 * reviews of 128 tokens, Zipf-like ids over 30,000 words; paper configuration d = 16, depth 8). Not a unit
 * test: run by hand with
 * {@code java -cp ... io.hardmax.attention.KernelBench [threads] [runs] [infer]} ({@code infer}: inference only, at
 * the initial weights); prints medians (and, on one thread, reviews per CPU-second of that thread, which a busy
 * machine disturbs less than wall time).
 */
final class KernelBench {
  private KernelBench() {}

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int vocab = 30_000;
    SplittableRandom r = new SplittableRandom(7);
    List<int[]> ids = new ArrayList<>();
    int[] labels = new int[25_000];
    for (int i = 0; i < labels.length; i++) {
      int n = 128;
      int[] s = new int[n];
      for (int t = 0; t < n; t++) {
        s[t] = 2 + (int) Math.min(vocab - 3, Math.floor(Math.exp(r.nextDouble() * Math.log(vocab - 2))) - 1);
      }
      ids.add(s);
      labels[i] = r.nextInt(2);
    }
    HardmaxConfig cfg = HardmaxConfig.paper(16);
    double[] train = new double[runs];
    Network net = null;
    boolean inferOnly = args.length > 2 && args[2].equals("infer");
    if (inferOnly) {
      net = new HardmaxTrainer(cfg, TrainerConfig.paper(threads, 1)).initial(vocab);
    }
    for (int k = 0; k < (inferOnly ? 0 : runs); k++) {
      HardmaxTrainer tr = new HardmaxTrainer(cfg, TrainerConfig.builder().threads(threads).seed(1).maxEpochs(1).build());
      long t0 = System.nanoTime();
      net = tr.train(vocab, ids, labels, List.of(), new int[0], TrainingListener.NONE).network();
      train[k] = (System.nanoTime() - t0) / 1e9;
    }
    double[] infer = new double[runs];
    double[] cpu = new double[runs];
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int k = 0; k < runs; k++) {
      long t0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      net.logits(ids, true, cfg.depth(), threads);
      infer[k] = ids.size() / ((System.nanoTime() - t0) / 1e9);
      cpu[k] = ids.size() / ((mx.getCurrentThreadCpuTime() - c0) / 1e9);
    }
    Arrays.sort(cpu);
    Arrays.sort(train);
    Arrays.sort(infer);
    System.out.printf("train one epoch (25,000 x 128, d=16, depth 8, %d threads): median %.2f s %s%n", threads,
        train[runs / 2], Arrays.toString(train));
    System.out.printf("hardmax inference: median %.0f reviews/s %s%n", infer[runs / 2], Arrays.toString(infer));
    if (threads == 1) {
      // on a shared machine the calling thread's CPU time is steadier than wall time
      System.out.printf("hardmax inference per CPU-second of the calling thread: median %.0f reviews/s%n", cpu[runs / 2]);
    }
  }
}
