package io.hardmax.nlp.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hardmax.nlp.Token;
import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.TokenizerContractTest;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CoreNLP PTB adapter without normalisation: surface forms, punctuation kept, HTML left in. */
class CoreNlpTokenizerTest extends TokenizerContractTest {
  static final String GOLDEN = "I wasn't happy (really) with this movie... It's NOT good,<br />but cannot fail: "
      + "9/10 &amp; sooooo fun!";

  private final Tokenizer tokenizer = Tokenizers.create(
      TokenizerSettings.builder().lowercase(false).stripHtml(false).build());

  @Override
  protected Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  protected String goldenInput() {
    return GOLDEN;
  }

  @Override
  protected List<String> goldenTokens() {
    return List.of("I[0,1)", "was[2,5)", "n't[5,8)", "happy[9,14)", "([15,16)", "really[16,22)", ")[22,23)",
        "with[24,28)", "this[29,33)", "movie[34,39)", "...[39,42)", "It[43,45)", "'s[45,47)", "NOT[48,51)",
        "good[52,56)", ",[56,57)", "<br />[57,63)", "but[63,66)", "can[67,70)", "not[70,73)", "fail[74,78)",
        ":[78,79)", "9/10[80,84)", "&amp;[85,90)", "sooooo[91,97)", "fun[98,101)", "![101,102)");
  }

  @Test
  void splitsClitics() {
    assertThat(texts(tokenizer.tokenize("wasn't can't I'm"))).containsExactly("was", "n't", "ca", "n't", "I", "'m");
  }

  @Test
  void parenthesesAndQuotesStayAsTyped() {
    assertThat(texts(tokenizer.tokenize("(a) \"b\""))).containsExactly("(", "a", ")", "\"", "b", "\"");
  }

  @Test
  void htmlStrippingKeepsOffsets() {
    Tokenizer html = Tokenizers.create(TokenizerSettings.defaults());
    String text = "Great<br /><br />film &amp; cast";
    assertThat(describe(html.tokenize(text))).containsExactly("great[0,5)", "film[17,21)", "cast[28,32)");
  }

  @Test
  void longRunsWithoutWhitespaceStayLinear() {
    // the PTB lexer alone needs about 11 s for 16,000 '&'; cut into runs of MAX_RUN it takes milliseconds
    String text = "fine " + "&a".repeat(10_000) + " end";
    List<Token> tokens = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertContract(tokenizer, text, true));
    assertThat(tokens.get(0).text()).isEqualTo("fine");
    assertThat(tokens.get(tokens.size() - 1)).isEqualTo(new Token("end", text.length() - 3, text.length()));
  }

  @Test
  void runsJustBelowTheCutAreLexedWhole() {
    String url = "http://example.com/" + "a".repeat(CoreNlpTokenizer.MAX_RUN - 19);
    assertThat(url).hasSize(CoreNlpTokenizer.MAX_RUN);
    assertThat(texts(tokenizer.tokenize("see " + url + " now"))).containsExactly("see", url, "now");
  }

  static List<String> texts(List<Token> tokens) {
    return tokens.stream().map(Token::text).toList();
  }
}
