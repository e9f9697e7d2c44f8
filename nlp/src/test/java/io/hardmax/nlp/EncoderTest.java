package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncoderTest {
  private final Tokenizer tokenizer = Tokenizers.create(TokenizerSettings.defaults());

  private Vocabulary vocab(String... words) {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.defaults());
    b.add(VocabularyBuilderTest.toks(words));
    return b.build();
  }

  @Test
  void unknownWordsBecomeUnkAndKeepTextAndOffsets() {
    Vocabulary v = vocab("great", "film");
    Encoder e = new Encoder(tokenizer, v, 10, Truncation.FIRST);
    String text = "Great zorblax film";
    EncodedText enc = e.encode(text);
    assertThat(enc.ids()).containsExactly(v.id("great"), Vocabulary.UNK, v.id("film"));
    assertThat(enc.tokens().get(1)).isEqualTo(new Token("zorblax", 6, 13));
    assertThat(enc.truncated()).isFalse();
    assertThat(enc.fullLength()).isEqualTo(3);
    assertThat(enc.padded(5)).containsExactly(v.id("great"), Vocabulary.UNK, v.id("film"), 0, 0);
  }

  @Test
  void padTokenInTheTextIsUnknownNotPadding() {
    Encoder e = new Encoder(Tokenizers.create(TokenizerSettings.builder().stripHtml(false)
        .kind(TokenizerSettings.Kind.LUCENE).build()), vocab("pad"), 4, Truncation.FIRST);
    assertThat(new Encoder(tokenizer, vocab("x"), 4, Truncation.FIRST).encodeTokens(
        List.of(new Token("<pad>", 0, 5))).ids()).containsExactly(Vocabulary.UNK);
    assertThat(e.encode("pad").ids()).containsExactly(2);
  }

  @Test
  void emptyText() {
    EncodedText enc = new Encoder(tokenizer, vocab("a"), 3, Truncation.HEAD_TAIL).encode("");
    assertThat(enc.ids()).isEmpty();
    assertThat(enc.tokens()).isEmpty();
    assertThat(enc.cuts()).isEmpty();
  }

  @Test
  void firstKeepsTheFirstNAndRecordsTheCut() {
    String text = "a b c d e f g";
    EncodedText enc = new Encoder(tokenizer, vocab("a", "b", "c", "d", "e", "f", "g"), 3, Truncation.FIRST)
        .encode(text);
    assertThat(enc.tokens()).extracting(Token::text).containsExactly("a", "b", "c");
    assertThat(enc.fullLength()).isEqualTo(7);
    assertThat(enc.cuts()).containsExactly(new EncodedText.Cut(3, 7, 6, 13));
    assertThat(text.substring(6, 13)).isEqualTo("d e f g");
  }

  @Test
  void headTailKeepsCeilHalfHeadAndFloorHalfTail() {
    String text = "a b c d e f g";
    Vocabulary v = vocab("a", "b", "c", "d", "e", "f", "g");
    EncodedText odd = new Encoder(tokenizer, v, 5, Truncation.HEAD_TAIL).encode(text);
    assertThat(odd.tokens()).extracting(Token::text).containsExactly("a", "b", "c", "f", "g");
    assertThat(odd.cuts()).containsExactly(new EncodedText.Cut(3, 5, 6, 9));
    assertThat(odd.fullIndex(3)).isEqualTo(5);
    assertThat(odd.fullIndex(2)).isEqualTo(2);
    EncodedText even = new Encoder(tokenizer, v, 4, Truncation.HEAD_TAIL).encode(text);
    assertThat(even.tokens()).extracting(Token::text).containsExactly("a", "b", "f", "g");
    EncodedText one = new Encoder(tokenizer, v, 1, Truncation.HEAD_TAIL).encode(text);
    assertThat(one.tokens()).extracting(Token::text).containsExactly("a");
    assertThat(one.cuts()).containsExactly(new EncodedText.Cut(1, 7, 2, 13));
  }

  @Test
  void knownBigramsAreInsertedAfterTheirSecondWord() {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().bigrams(2, 10).build());
    b.add(tokenizer.tokenize("not good at all")).add(tokenizer.tokenize("not good"));
    Vocabulary v = b.build();
    assertThat(v.contains("not_good")).isTrue();
    assertThat(v.contains("good_at")).isFalse(); // seen once
    String text = "Not good, not bad";
    EncodedText enc = new Encoder(tokenizer, v, 20, Truncation.FIRST).encode(text);
    assertThat(TokenizerContractTest.describe(enc.tokens()))
        .containsExactly("not[0,3)", "good[4,8)", "not_good[0,8)", ",[8,9)", "not[10,13)", "bad[14,17)");
    assertThat(enc.ids()[2]).isEqualTo(v.id("not_good"));
    assertThat(enc.ids()[5]).isEqualTo(Vocabulary.UNK);
    assertThat(enc.fullLength()).isEqualTo(6);
  }

  @Test
  void knownTrigramsAreInsertedAfterTheirThirdWordAndSpanAllThree() {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().bigrams(2, 10).trigrams(2, 10).build());
    b.add(tokenizer.tokenize("not very good")).add(tokenizer.tokenize("not very good at all"));
    Vocabulary v = b.build();
    assertThat(v.contains("not_very_good")).isTrue();
    String text = "It's not very good!";
    EncodedText enc = new Encoder(tokenizer, v, 20, Truncation.FIRST).encode(text);
    assertThat(TokenizerContractTest.describe(enc.tokens())).containsExactly("it[0,2)", "'s[2,4)", "not[5,8)",
        "very[9,13)", "not_very[5,13)", "good[14,18)", "very_good[9,18)", "not_very_good[5,18)", "![18,19)");
    assertThat(enc.ids()[7]).isEqualTo(v.id("not_very_good"));
    assertThat(text.substring(enc.tokens().get(7).begin(), enc.tokens().get(7).end())).isEqualTo("not very good");
    assertThat(enc.fullLength()).isEqualTo(9);
  }

  @Test
  void ngramPositionsSpanTheirWordsAndEndsNeverGoBackwardsOnRandomInput() {
    long seed = new Random().nextLong();
    System.out.println("n-gram encoder seed: " + seed);
    Random r = new Random(seed);
    List<String> texts = new java.util.ArrayList<>();
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().bigrams(1, 50).trigrams(1, 50).build());
    for (int i = 0; i < 40; i++) {
      String text = TokenizerContractTest.randomText(r, 20);
      texts.add(text);
      b.add(tokenizer.tokenize(text));
    }
    Vocabulary v = b.build();
    Encoder e = new Encoder(tokenizer, v, 1000, Truncation.FIRST);
    for (String text : texts) {
      EncodedText enc = e.encode(text);
      List<Token> words = tokenizer.tokenize(text);
      int word = -1;
      int previousEnd = 0;
      for (int k = 0; k < enc.length(); k++) {
        Token t = enc.tokens().get(k);
        int id = enc.ids()[k];
        assertThat(t.end()).as("seed %d: ends never go backwards", seed).isGreaterThanOrEqualTo(previousEnd);
        previousEnd = t.end();
        if (!v.isNgram(id)) {
          word++;
          assertThat(t).as("seed %d", seed).isEqualTo(words.get(word));
          continue;
        }
        int n = v.isTrigram(id) ? 3 : 2;
        List<Token> parts = words.subList(word - n + 1, word + 1);
        String joined = String.join("_", parts.stream().map(Token::text).toList());
        assertThat(t.text()).as("seed %d", seed).isEqualTo(joined).isEqualTo(v.token(id));
        assertThat(t.begin()).isEqualTo(parts.get(0).begin());
        assertThat(t.end()).isEqualTo(parts.get(n - 1).end());
      }
      assertThat(word).isEqualTo(words.size() - 1);
    }
  }

  @Test
  void offsetsMapBackToTheOriginalTextOnRandomInput() {
    long seed = new Random().nextLong();
    System.out.println("encoder seed: " + seed);
    Random r = new Random(seed);
    Vocabulary v = vocab("good", "not", "movie", "the", "!", "...");
    for (Truncation policy : Truncation.values()) {
      Encoder e = new Encoder(tokenizer, v, 7, policy);
      for (int i = 0; i < 100; i++) {
        String text = TokenizerContractTest.randomText(r, 30);
        EncodedText enc = e.encode(text);
        List<Token> all = tokenizer.tokenize(text);
        assertThat(enc.fullLength()).as("seed %d", seed).isEqualTo(all.size());
        assertThat(enc.length()).isEqualTo(Math.min(7, all.size()));
        for (int k = 0; k < enc.length(); k++) {
          Token t = enc.tokens().get(k);
          assertThat(t).as("seed %d", seed).isEqualTo(all.get(enc.fullIndex(k)));
          assertThat(text.substring(t.begin(), t.end()).toLowerCase(java.util.Locale.ROOT))
              .isEqualTo(t.text());
          assertThat(enc.ids()[k]).isEqualTo(v.id(t.text()));
        }
        int cut = enc.cuts().stream().mapToInt(EncodedText.Cut::length).sum();
        assertThat(enc.length() + cut).isEqualTo(enc.fullLength());
      }
    }
  }

  @Test
  void rejectsBadMaxLength() {
    assertThatThrownBy(() -> new Encoder(tokenizer, vocab("a"), 0, Truncation.FIRST))
        .isInstanceOf(NlpException.class).hasMessage("encoder maxLength must be >= 1, found 0");
  }
}
