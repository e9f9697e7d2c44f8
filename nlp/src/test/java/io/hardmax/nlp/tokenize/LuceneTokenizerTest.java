package io.hardmax.nlp.tokenize;

import static io.hardmax.nlp.tokenize.CoreNlpTokenizerTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.TokenizerContractTest;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Lucene chain with HTMLStripCharFilter and lower-casing (the family's usual use). */
class LuceneTokenizerTest extends TokenizerContractTest {
  private final Tokenizer tokenizer = Tokenizers.create(
      TokenizerSettings.builder().kind(TokenizerSettings.Kind.LUCENE).build());

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
    return List.of("i[0,1)", "wasn't[2,8)", "happy[9,14)", "really[16,22)", "with[24,28)", "this[29,33)",
        "movie[34,39)", "it's[43,47)", "not[48,51)", "good[52,56)", "but[63,66)", "cannot[67,73)", "fail[74,78)",
        "9[80,81)", "10[82,84)", "sooooo[91,97)", "fun[98,101)");
  }

  @Test
  void offsetsOfDecodedEntitiesPointIntoTheOriginal() {
    String text = "<b>Caf&eacute;</b> rocks";
    var tokens = tokenizer.tokenize(text);
    assertThat(describe(tokens)).containsExactly("café[3,14)", "rocks[19,24)");
    assertThat(text.substring(3, 14)).isEqualTo("Caf&eacute;");
  }

  @Test
  void withoutHtmlStrippingTagsBecomeWords() {
    Tokenizer raw = Tokenizers.create(TokenizerSettings.builder().kind(TokenizerSettings.Kind.LUCENE)
        .stripHtml(false).lowercase(false).build());
    assertThat(texts(raw.tokenize("Good<br />Film"))).containsExactly("Good", "br", "Film");
  }

  @Test
  void negationScopeEndsAtDroppedPunctuation() {
    Tokenizer neg = Tokenizers.create(TokenizerSettings.builder().kind(TokenizerSettings.Kind.LUCENE)
        .markNegation(true).build());
    assertThat(texts(neg.tokenize("It wasn't good, but fun. Not bad")))
        .containsExactly("it", "wasn't", "NOT_good", "but", "fun", "not", "NOT_bad");
  }

  @Test
  void stopFilterAndPorter() {
    Tokenizer t = Tokenizers.create(TokenizerSettings.builder().kind(TokenizerSettings.Kind.LUCENE)
        .stopList(TokenizerSettings.StopList.FULL).stem(true).build());
    assertThat(texts(t.tokenize("The runners were running happily, not quickly")))
        .containsExactly("runner", "run", "happili", "quickli");
  }
}
