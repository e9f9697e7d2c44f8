package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The builders of {@link TokenizerSettings} and {@link VocabularySettings}: defaults, copies, validation. */
class SettingsBuilderTest {

  @Test
  void tokenizerDefaultsAreTheBuildersStartAndToBuilderCopiesEveryField() {
    assertThat(TokenizerSettings.defaults()).isEqualTo(new TokenizerSettings(TokenizerSettings.Kind.CORENLP, true,
        TokenizerSettings.StopList.NONE, false, true, false, false, false));
    TokenizerSettings all = new TokenizerSettings(TokenizerSettings.Kind.LUCENE, false,
        TokenizerSettings.StopList.FULL, true, false, true, true, true);
    assertThat(all.toBuilder().build()).isEqualTo(all);
    assertThat(all.toBuilder().stem(false).build()).isEqualTo(new TokenizerSettings(TokenizerSettings.Kind.LUCENE,
        false, TokenizerSettings.StopList.FULL, false, false, true, true, true));
    assertThatThrownBy(() -> TokenizerSettings.builder().kind(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("kind");
  }

  @Test
  void vocabularyDefaultsAreTheBuildersStartAndNgramShortcutsSetThreeFields() {
    assertThat(VocabularySettings.defaults()).isEqualTo(new VocabularySettings(1, Integer.MAX_VALUE, false, 5, 50_000));
    VocabularySettings all = new VocabularySettings(2, 30, true, 4, 40, true, 6, 60);
    assertThat(all.toBuilder().build()).isEqualTo(all);
    assertThat(VocabularySettings.builder().bigrams(4, 40).trigrams(6, 60).minCount(2).maxSize(30).build())
        .isEqualTo(all);
    assertThat(all.toBuilder().bigrams(false).build()).isEqualTo(new VocabularySettings(2, 30, false, 4, 40, true, 6, 60));
    assertThatThrownBy(() -> all.toBuilder().trigrams(0, 10).build()).isInstanceOf(NlpException.class)
        .hasMessage("vocabulary trigramMinCount must be >= 1, found 0");
  }
}
