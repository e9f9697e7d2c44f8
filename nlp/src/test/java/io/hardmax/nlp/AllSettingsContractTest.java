package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the tokenizer contract ({@link TokenizerContractTest#assertContract}) for every family and every
 * combination of the shipped options (lemmatisation aside: it needs the CoreNLP models jar, see
 * {@link TokenizersTest}), on the fixed texts, the empty text and random texts with a printed seed.
 */
class AllSettingsContractTest {

  static Stream<TokenizerSettings> allSettings() {
    List<TokenizerSettings> all = new ArrayList<>();
    for (TokenizerSettings.Kind kind : TokenizerSettings.Kind.values()) {
      for (TokenizerSettings.StopList stop : TokenizerSettings.StopList.values()) {
        for (int bits = 0; bits < 32; bits++) {
          all.add(new TokenizerSettings(kind, (bits & 1) != 0, stop, (bits & 2) != 0, (bits & 4) != 0,
              (bits & 8) != 0, false, (bits & 16) != 0));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("allSettings")
  void contractHolds(TokenizerSettings settings) {
    Tokenizer tok = Tokenizers.create(settings);
    boolean surface = TokenizerContractTest.surfacePreserving(settings);
    assertThat(tok.tokenize("")).isEmpty();
    for (String text : TokenizerContractTest.FIXED) {
      List<Token> tokens = TokenizerContractTest.assertContract(tok, text, surface);
      if (settings.dropPunctuation()) {
        assertThat(tokens).noneMatch(t -> t.text().equals("!") || t.text().equals(","));
      }
      if (settings.stopList() == TokenizerSettings.StopList.FULL) {
        assertThat(tokens).noneMatch(t -> t.text().equals("the"));
      }
    }
    long seed = TokenizerContractTest.seed();
    Random r = new Random(seed);
    for (int i = 0; i < 25; i++) {
      TokenizerContractTest.assertContract(tok, TokenizerContractTest.randomText(r, 30), surface);
    }
  }
}
