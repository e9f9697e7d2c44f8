package io.hardmax.nlp.tokenize;

import static io.hardmax.nlp.tokenize.CoreNlpTokenizerTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.TokenizerContractTest;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper's preset: no lower-casing, NLTK stop words, HTML and URLs stripped, letters squeezed. */
class PaperTokenizerTest extends TokenizerContractTest {
  private final Tokenizer tokenizer = Tokenizers.create(TokenizerSettings.paper());
  private final Tokenizer keepAll = Tokenizers.create(
      TokenizerSettings.paper().toBuilder().stopList(TokenizerSettings.StopList.NONE).build());

  @Override
  protected Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  protected String goldenInput() {
    return CoreNlpTokenizerTest.GOLDEN;
  }

  @Override
  protected List<String> goldenTokens() {
    return List.of("I[0,1)", "n't[5,8)", "happy[9,14)", "([15,16)", "really[16,22)", ")[22,23)", "movie[34,39)",
        "...[39,42)", "It[43,45)", "'s[45,47)", "NOT[48,51)", "good[52,56)", ",[56,57)", "fail[74,78)",
        ":[78,79)", "/[81,82)", "soo[91,97)", "fun[98,101)", "![101,102)");
  }

  @Test
  void squeezesRunsOfThreeOrMoreIdenticalLettersToTwo() {
    assertThat(texts(keepAll.tokenize("sooooo Goooood cool aaa"))).containsExactly("soo", "Good", "cool", "aa");
  }

  @Test
  void deletesDigitsAndNonAsciiInsideWords() {
    String text = "abc123def na\u00efve 1990s 😀 caf\u00e9";
    assertThat(describe(keepAll.tokenize(text)))
        .containsExactly("abcdef[0,9)", "nave[10,15)", "s[20,21)", "caf[25,28)");
  }

  @Test
  void stripsUrlsAndHtml() {
    assertThat(texts(keepAll.tokenize("See http://x.org/a?b=1 and www.imdb.com<br />now")))
        .containsExactly("See", "and", "now");
  }

  @Test
  void splitsContractionsLikeNltk() {
    assertThat(texts(keepAll.tokenize("wasn't can't cannot It's we'll I'd rock'n'roll")))
        .containsExactly("was", "n't", "ca", "n't", "can", "not", "It", "'s", "we", "'ll", "I", "'d",
            "rock'n'roll");
  }

  @Test
  void stopWordsAreCaseSensitiveWithoutLowercasing() {
    assertThat(texts(tokenizer.tokenize("The film is not the best"))).containsExactly("The", "film", "best");
  }
}
