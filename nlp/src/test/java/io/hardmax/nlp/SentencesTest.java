package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

  @Test
  void punctuationEndsSentencesAndBigramsJoinTheirSecondWord() {
    assertThat(Sentences.endsSentence(".")).isTrue();
    assertThat(Sentences.endsSentence("?!")).isTrue();
    assertThat(Sentences.endsSentence("...")).isTrue();
    assertThat(Sentences.endsSentence(",")).isFalse();
    assertThat(Sentences.endsSentence("a.")).isFalse();
    assertThat(Sentences.endsSentence("")).isFalse();
    Vocabulary v = new Vocabulary(List.of(Vocabulary.PAD_TOKEN, Vocabulary.UNK_TOKEN, "dull", ".", "but", "great", "!",
        "but_great"), 7);
    Encoder enc = new Encoder(Tokenizers.create(TokenizerSettings.defaults()), v, 100, Truncation.FIRST);
    EncodedText e = enc.encode("Dull. But great! Dull");
    assertThat(e.tokens().stream().map(Token::text).toList()).containsExactly("dull", ".", "but", "great", "but_great", "!", "dull");
    assertThat(e.sentenceIds()).containsExactly(0, 0, 1, 1, 1, 1, 2);
  }

  @Test
  void emptyInputHasNoSentences() {
    assertThat(Sentences.ids(List.of())).isEmpty();
  }
}
