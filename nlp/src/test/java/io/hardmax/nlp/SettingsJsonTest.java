package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Model files store the settings records as JSON with plain Jackson; these round trips must hold. */
class SettingsJsonTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void tokenizerSettingsRoundTrip() throws Exception {
    TokenizerSettings s = TokenizerSettings.paper().toBuilder().markNegation(true).dropPunctuation(true).build();
    String text = json.writeValueAsString(s);
    assertThat(text).isEqualTo("{\"kind\":\"PAPER\",\"lowercase\":false,\"stopList\":\"FULL\",\"stem\":false,"
        + "\"stripHtml\":true,\"markNegation\":true,\"lemmatize\":false,\"dropPunctuation\":true}");
    assertThat(json.readValue(text, TokenizerSettings.class)).isEqualTo(s);
  }

  @Test
  void tokenizerSettingsWithoutThePunctuationFieldKeepPunctuation() throws Exception {
    String old = "{\"kind\":\"CORENLP\",\"lowercase\":true,\"stopList\":\"NONE\",\"stem\":false,"
        + "\"stripHtml\":true,\"markNegation\":false,\"lemmatize\":false}";
    assertThat(json.readValue(old, TokenizerSettings.class)).isEqualTo(TokenizerSettings.defaults());
  }

  @Test
  void vocabularySettingsRoundTrip() throws Exception {
    VocabularySettings s = VocabularySettings.builder().minCount(3).bigrams(4, 100).trigrams(2, 50).build();
    assertThat(json.readValue(json.writeValueAsString(s), VocabularySettings.class)).isEqualTo(s);
  }
}
