package io.hardmax.eval;

import io.hardmax.attention.HardmaxConfig;
import io.hardmax.attention.TrainerConfig;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Truncation;
import io.hardmax.nlp.VocabularySettings;

/**
 * The bundled model's configuration ({@code hardmax train --preset default}), chosen by the best-imdb
 * experiment on a validation split of imdb:train (docs/RESULTS.md): CoreNLP tokens lower-cased, unigrams with
 * count >= 2 plus the 25,000 most frequent bigrams, d = 16, one hardmax layer with A = I and the distance
 * penalty (scores {@code <z_i, z_j> - m |p_i - p_j|}, learned slope m, 0.05 at start), the two-channel readout
 * {@code v0 . mean z^0 + v . mean z^L}, 1,000 tokens (head and tail; bigrams count as tokens), mean over the
 * real tokens, and a learned value map W per module ({@code z_i <- (z_i + alpha W mean_{C_i} z_j) / (1 + alpha)}, W = I at
 * start); trained with embedding dropout by word type (0.5). The best-imdb variant
 * {@code r10-distance-2ch-value-wdrop50}, chosen by the rule of rounds 8 onward (docs/RESULTS.md, round 10).
 */
public final class Presets {
  private Presets() {}

  public static TokenizerSettings defaultTokenizer() {
    return TokenizerSettings.defaults();
  }

  public static VocabularySettings defaultVocabulary() {
    return new VocabularySettings(2, Integer.MAX_VALUE, true, 5, 25_000);
  }

  public static HardmaxConfig defaultConfig() {
    return HardmaxConfig.builder().dim(16).depth(1).alphaInit(0.5).tau(1e-3).pooling(HardmaxConfig.Pooling.REAL_TOKENS)
        .maxLength(1000).truncation(Truncation.HEAD_TAIL).distance(0.05).twoChannel(true).valueMap(true).build();
  }

  public static TrainerConfig defaultTrainer(int threads, long seed) {
    return TrainerConfig.builder().threads(threads).seed(seed).maxEpochs(8).learningRate(3e-3).embeddingInitStd(0.1).patience(2)
        .wordDropout(0.5).build();
  }
}
