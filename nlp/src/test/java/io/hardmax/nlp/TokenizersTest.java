package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizersTest {

  private static List<String> texts(Tokenizer t, String text) {
    return t.tokenize(text).stream().map(Token::text).toList();
  }

  @Test
  void lemmatizeWithoutModelsJarSaysHowToAddIt() {
    // the build never puts the 470 MB models jar on the class path
    for (TokenizerSettings.Kind kind : TokenizerSettings.Kind.values()) {
      assertThatThrownBy(() -> Tokenizers.create(TokenizerSettings.builder().kind(kind).lemmatize(true).build()))
          .isInstanceOf(NlpException.class)
          .hasMessageContaining("edu.stanford.nlp:stanford-corenlp:4.5.10:models")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void parsesNamesAndRejectsUnknownOnes() {
    assertThat(Tokenizers.parseKind("Lucene")).isEqualTo(TokenizerSettings.Kind.LUCENE);
    assertThat(Tokenizers.parseStopList("negation-preserving"))
        .isEqualTo(TokenizerSettings.StopList.NEGATION_PRESERVING);
    assertThatThrownBy(() -> Tokenizers.parseKind("spacy")).isInstanceOf(NlpException.class)
        .hasMessage("unknown tokenizer 'spacy': expected one of corenlp, lucene, paper");
    assertThatThrownBy(() -> Tokenizers.parseStopList("some")).isInstanceOf(NlpException.class)
        .hasMessageContaining("expected one of none, negation-preserving, full");
  }

  @Test
  void negationScopeRunsToClausePunctuation() {
    Tokenizer t = Tokenizers.create(TokenizerSettings.builder().markNegation(true).build());
    assertThat(texts(t, "I didn't like the plot, but loved it. Never boring! No."))
        .containsExactly("i", "did", "n't", "NOT_like", "NOT_the", "NOT_plot", ",", "but", "loved", "it", ".",
            "never", "NOT_boring", "!", "no", ".");
  }

  @Test
  void lineAndParagraphBreaksEndTheScope() {
    for (TokenizerSettings.Kind kind : TokenizerSettings.Kind.values()) {
      Tokenizer t = Tokenizers.create(TokenizerSettings.builder().kind(kind).markNegation(true).build());
      assertThat(texts(t, "not bad<br /><br />great\nnot bad\ngreat <P>no fun <b>at</b> all"))
          .as(kind.toString())
          .containsExactly("not", "NOT_bad", "great", "not", "NOT_bad", "great", "no", "NOT_fun", "NOT_at", "NOT_all");
    }
  }

  @Test
  void negationMarkingKeepsOffsets() {
    Tokenizer t = Tokenizers.create(TokenizerSettings.builder().markNegation(true).build());
    String text = "not good";
    Token good = t.tokenize(text).get(1);
    assertThat(good.text()).isEqualTo("NOT_good");
    assertThat(text.substring(good.begin(), good.end())).isEqualTo("good");
  }

  @Test
  void removedStopWordStillOpensANegationScope() {
    Tokenizer t = Tokenizers.create(TokenizerSettings.builder().markNegation(true)
        .stopList(TokenizerSettings.StopList.FULL).dropPunctuation(true).build());
    assertThat(texts(t, "This is not a good film. Great cast"))
        .containsExactly("NOT_good", "NOT_film", "great", "cast");
  }

  @Test
  void negationPreservingStopListKeepsNegations() {
    Tokenizer t = Tokenizers.create(TokenizerSettings.defaults()
        .toBuilder().stopList(TokenizerSettings.StopList.NEGATION_PRESERVING).build());
    assertThat(texts(t, "This is not very good, but it was no fun nor wasn't it"))
        .containsExactly("not", "very", "good", ",", "but", "no", "fun", "nor", "n't");
  }

  @Test
  void dropPunctuationKeepsEmojiAndWords() {
    Tokenizer t = Tokenizers.create(TokenizerSettings.builder().dropPunctuation(true).build());
    assertThat(texts(t, "Wow!!! (great) 😀 ... 9/10")).containsExactly("wow", "great", "😀", "9/10");
  }

  @Test
  void stemmingLeavesCliticsAndNumbersAlone() {
    Tokenizer t = Tokenizers.create(TokenizerSettings.builder().stem(true).build());
    assertThat(texts(t, "It's running 9/10")).containsExactly("it", "'s", "run", "9/10");
  }

  @Test
  void stopListsHaveTheDocumentedSizes() {
    assertThat(StopWords.NLTK_ENGLISH).hasSize(179).doesNotHaveDuplicates();
    assertThat(StopWords.FULL).contains("not", "no", "nor", "the", "wasn't");
    assertThat(StopWords.NEGATION_PRESERVING)
        .doesNotContain("not", "no", "nor", "but", "against", "wasn't", "wasn", "don't", "don", "very")
        .contains("the", "a", "is", "was");
    assertThat(StopWords.NEGATION_PRESERVING.size() + StopWords.SENTIMENT_BEARING.size()).isEqualTo(179);
  }

  @Test
  void negationWords() {
    assertThat(StopWords.isNegation("Not")).isTrue();
    assertThat(StopWords.isNegation("n't")).isTrue();
    assertThat(StopWords.isNegation("wasn't")).isTrue();
    assertThat(StopWords.isNegation("NEVER")).isTrue();
    assertThat(StopWords.isNegation("note")).isFalse();
  }
}
