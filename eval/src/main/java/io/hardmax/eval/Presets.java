package io.hardmax.eval;

import io.hardmax.attention.HardmaxConfig;
import io.hardmax.attention.TrainerConfig;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Truncation;
import io.hardmax.nlp.VocabularySettings;

/**
 * The bundled model's configuration ({@code hardmax train --preset default}), chosen by the best-imdb
 * experiment on a validation split of imdb:train drawn in runs of 100 consecutive reviews (docs/RESULTS.md, round
 * 19; train it with {@code --validation-blocks 100}): CoreNLP tokens lower-cased, unigrams with count >= 2 plus the
 * 25,000 most frequent bigrams with count >= 5, d = 16, one hardmax layer with A = I whose keys lie within 3
 * positions of the query (a bigram entry sits at its first word + 0.5), the two-channel readout
 * {@code v0 . mean z^0 + v . mean z^L}, 1,000 tokens (head and tail; bigrams count as tokens), mean over the
 * distinct words (each copy of a word carries 1/copies of its weight); trained with Adam at lr 1.5e-3 and
 * embedding dropout by word type (0.25). The best-imdb variant {@code r19-window3-2ch-distinct-lr15}.
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
    return HardmaxConfig.builder().dim(16).depth(1).alphaInit(0.5).tau(1e-3).pooling(HardmaxConfig.Pooling.DISTINCT_WORDS)
        .maxLength(1000).truncation(Truncation.HEAD_TAIL).window(3).twoChannel(true).build();
  }

  public static TrainerConfig defaultTrainer(int threads, long seed) {
    return TrainerConfig.builder().threads(threads).seed(seed).maxEpochs(8).learningRate(1.5e-3).embeddingInitStd(0.1).patience(2)
        .wordDropout(0.25).build();
  }
}
