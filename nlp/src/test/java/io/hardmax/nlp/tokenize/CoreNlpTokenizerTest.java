package io.hardmax.nlp.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hardmax.nlp.Token;
import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.TokenizerContractTest;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

  /** Texts that reach the lexer's corners: HTML, entities, unicode, soft hyphens, long and unterminated tokens. */
  static final List<String> VARIED = List.of("", " ", "\n\n", GOLDEN, "a", "It's a 10/10, isn't it?",
      "Great<br /><br />film &amp; cast &quot;quoted&quot; &#39;x&#39; &nbsp;", "<br", "&amp", "<a href=\"x\">link</a>",
      "co\u00ADoper\u00ADation and soft\u00AD hyphen\u00AD", "\u00AD\u00AD\u00AD", "na\u00EFve caf\u00E9 cafe\u0301",
      "\u65E5\u672C\u8A9E\u306E\u6620\u753B \u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD",
      "emoji \uD83D\uDE00\uD83D\uDC4D :-) ;) <3 :(", "lone \uD800 surrogate \uDC00 here", "ctrl \u0001\u0007\u001F x",
      "\"unterminated quote", "(((nested", "ends with a quote \"", "3.14 $5 US$ 1,000,000 5-6 1/2 \u00BD",
      "... .... !!! ??? ?! -- --- \u2014 \u2013 \u201Cfancy\u201D \u2018quotes\u2019", "U.S.A. e.g. etc. Mr. Smith",
      "http://www.example.com/path?q=1&r=2 mail@example.com", "a".repeat(200), "&".repeat(300),
      "x" + "-".repeat(150) + "y", "word\twith\ttabs\r\nand\rreturns", "\u00A0non\u00A0breaking\u2009thin",
      "don't won't can't y'all gonna wanna", "ALL CAPS AND MiXeD", "last");

  @Test
  void aReusedLexerGivesTheTokensOfNewLexers() {
    for (TokenizerSettings settings : List.of(TokenizerSettings.defaults(),
        TokenizerSettings.builder().lowercase(false).stripHtml(false).build())) {
      CoreNlpTokenizer reused = new CoreNlpTokenizer(settings, null, true);
      CoreNlpTokenizer fresh = new CoreNlpTokenizer(settings, null, false);
      assertThat(reused.reusesLexer()).as("CoreNLP's lexer is reachable (else every text gets a new lexer)").isTrue();
      assertThat(fresh.reusesLexer()).isFalse();
      List<String> texts = new ArrayList<>(VARIED);
      long seed = 20261201L;
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < 300; i++) { // random texts glued from the varied ones' pieces
        StringBuilder sb = new StringBuilder();
        for (int k = r.nextInt(1, 8); k > 0; k--) {
          String t = VARIED.get(r.nextInt(VARIED.size()));
          int a = t.isEmpty() ? 0 : r.nextInt(t.length());
          sb.append(t, a, Math.min(t.length(), a + r.nextInt(1, 60))).append(r.nextInt(3) == 0 ? "" : " ");
        }
        texts.add(sb.toString());
      }
      for (String t : texts) { // one after the other through the same reused lexer, in this thread
        assertThat(describe(reused.tokenize(t))).as("seed %d, text [%s]", seed, t)
            .containsExactlyElementsOf(describe(fresh.tokenize(t)));
      }
    }
  }

  static List<String> texts(List<Token> tokens) {
    return tokens.stream().map(Token::text).toList();
  }
}
