package io.hardmax.nlp.tokenize;

import static io.hardmax.nlp.tokenize.CoreNlpTokenizerTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import edu.stanford.nlp.ling.HasWord;
import io.hardmax.nlp.TokenizerContractTest;
import io.hardmax.nlp.TokenizerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lemmatisation path with a rule-based stand-in for the CoreNLP tagger (the models jar is not on the test
 * class path): CoreNLP's Morphology, the sentence splitting and the integration into the shared options.
 */
class LemmatizerTest {
  private static final Map<String, String> TAGS = Map.of(
      "was", "VBD", "were", "VBD", "running", "VBG", "films", "NNS", "better", "JJR", "mice", "NNS",
      "n't", "RB", "went", "VBD");

  /** Counts the sentences it is asked to tag. */
  private static final class RuleTagger implements Lemmatizer.Tagger {
    final List<Integer> sentenceLengths = new ArrayList<>();

    @Override
    public synchronized List<String> tags(List<HasWord> sentence) {
      sentenceLengths.add(sentence.size());
      List<String> tags = new ArrayList<>();
      for (HasWord w : sentence) {
        tags.add(TAGS.getOrDefault(w.word().toLowerCase(java.util.Locale.ROOT), "NN"));
      }
      return tags;
    }
  }

  @Test
  void lemmasFollowTheTags() {
    RuleTagger tagger = new RuleTagger();
    String[] lemmas = new Lemmatizer(tagger).lemmas(List.of("films", "were", "running", ".", "mice", "went"));
    assertThat(lemmas).containsExactly("film", "be", "run", ".", "mouse", "go");
    assertThat(tagger.sentenceLengths).containsExactly(4, 2);
  }

  @Test
  void lemmatizingTokenizerKeepsOffsetsAndTheContract() {
    RuleTagger tagger = new RuleTagger();
    CoreNlpTokenizer tok = new CoreNlpTokenizer(
        TokenizerSettings.builder().lemmatize(true).markNegation(true).build(), new Lemmatizer(tagger));
    String text = "The films weren't running. Mice went!";
    assertThat(texts(tok.tokenize(text)))
        .containsExactly("the", "film", "be", "not", "NOT_run", ".", "mouse", "go", "!");
    Random r = new Random(TokenizerContractTest.seed());
    for (String t : TokenizerContractTest.FIXED) {
      TokenizerContractTest.assertContract(tok, t, false);
    }
    for (int i = 0; i < 50; i++) {
      TokenizerContractTest.assertContract(tok, TokenizerContractTest.randomText(r, 30), false);
    }
  }
}
