package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VocabularyBuilderTest {

  static List<Token> toks(String... texts) {
    List<Token> out = new ArrayList<>();
    int pos = 0;
    for (String t : texts) {
      out.add(new Token(t, pos, pos + t.length()));
      pos += t.length() + 1;
    }
    return out;
  }

  @Test
  void orderIsDescendingCountThenLexicographic() {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.defaults());
    b.add(toks("b", "a", "c", "a")).add(toks("c", "B", "a"));
    // a:3, c:2, B:1, b:1 ("B" < "b" by String.compareTo)
    assertThat(b.build().tokens()).containsExactly("<pad>", "<unk>", "a", "c", "B", "b");
    assertThat(b.texts()).isEqualTo(2);
    assertThat(b.tokens()).isEqualTo(7);
  }

  @Test
  void minCountAndMaxSize() {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().minCount(2).maxSize(2).build());
    b.add(toks("x", "x", "x", "y", "y", "z", "z", "w"));
    Vocabulary v = b.build();
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "x", "y"); // z (2) cut by maxSize, w (1) by minCount
    assertThat(v.id("z")).isEqualTo(Vocabulary.UNK);
    assertThat(v.id("w")).isEqualTo(Vocabulary.UNK);
    assertThat(v.hasBigrams()).isFalse();
  }

  @Test
  void padAndUnkComeFirstAndAreNeverCounted() {
    Vocabulary v = new VocabularyBuilder(VocabularySettings.defaults()).add(toks("<unk>", "<pad>", "ok")).build();
    assertThat(v.id("<pad>")).isEqualTo(Vocabulary.PAD);
    assertThat(v.id("<unk>")).isEqualTo(Vocabulary.UNK);
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "ok");
  }

  @Test
  void emptyInputGivesOnlyPadAndUnk() {
    Vocabulary v = new VocabularyBuilder(VocabularySettings.builder().bigrams(1, 10).build()).add(List.of()).build();
    assertThat(v.size()).isEqualTo(2);
    assertThat(v.bigramCount()).isZero();
  }

  @Test
  void bigramsHaveTheirOwnMinCountAndCapAndComeLast() {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().bigrams(2, 1).build());
    b.add(toks("not", "good", "film")).add(toks("not", "good")).add(toks("good", "film", "good", "film"));
    Vocabulary v = b.build();
    // not_good:2, good_film:3, film_good:1 -> min 2, cap 1 -> good_film
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "good", "film", "not", "good_film");
    assertThat(v.bigramStart()).isEqualTo(5);
    assertThat(v.isBigram(v.id("good_film"))).isTrue();
    assertThat(v.bigramId("good", "film")).isEqualTo(5);
    assertThat(v.bigramId("not", "good")).isEqualTo(Vocabulary.UNK);
    assertThat(b.bigramCount("not", "good")).isEqualTo(2);
  }

  @Test
  void trigramsHaveTheirOwnMinCountAndCapAndComeAfterTheBigrams() {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().bigrams(2, 10).trigrams(2, 1).build());
    b.add(toks("not", "very", "good")).add(toks("not", "very", "good", "film")).add(toks("very", "good", "film"))
        .add(toks("very", "good", "film"));
    Vocabulary v = b.build();
    // trigrams: not_very_good:2, very_good_film:3 -> min 2, cap 1 -> very_good_film
    assertThat(v.trigramStart()).isEqualTo(v.size() - 1);
    assertThat(v.token(v.trigramStart())).isEqualTo("very_good_film");
    assertThat(v.trigramId("very", "good", "film")).isEqualTo(v.trigramStart());
    assertThat(v.trigramId("not", "very", "good")).isEqualTo(Vocabulary.UNK);
    assertThat(v.bigramId("very", "good")).isBetween(v.bigramStart(), v.trigramStart() - 1);
    assertThat(v.bigramId("very", "good_film")).isEqualTo(Vocabulary.UNK);
    assertThat(b.trigramCount("not", "very", "good")).isEqualTo(2);
    assertThat(v.isNgram(v.id("very_good"))).isTrue();
    assertThat(v.isNgram(v.id("film"))).isFalse();
  }

  @Test
  void trigramsAreOffUnlessAskedForAndNeverSpanSpecialTokens() {
    VocabularyBuilder off = new VocabularyBuilder(VocabularySettings.builder().bigrams(1, 10).build());
    off.add(toks("a", "b", "c"));
    assertThat(off.build().hasTrigrams()).isFalse();
    assertThat(off.trigramCount("a", "b", "c")).isZero();
    VocabularyBuilder on = new VocabularyBuilder(VocabularySettings.builder().trigrams(1, 10).build());
    on.add(toks("a", "<unk>", "b", "c", "d"));
    Vocabulary v = on.build();
    assertThat(v.hasBigrams()).isFalse();
    assertThat(v.tokens().subList(v.trigramStart(), v.size())).containsExactly("b_c_d");
  }

  @Test
  void trigramEqualToATokenOrBigramEntryIsLeftOut() {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().bigrams(1, 10).trigrams(1, 10).build());
    b.add(toks("a", "b", "c", "a_b_c")).add(toks("a_b", "c"));
    Vocabulary v = b.build();
    // "a_b_c" is a token entry and the bigram a_b + c; the trigram a_b_c yields to the token entry
    assertThat(v.isTrigram(v.id("a_b_c"))).isFalse();
    assertThat(v.tokens().subList(v.trigramStart(), v.size())).containsExactly("b_c_a_b_c");
  }

  @Test
  void bigramEqualToATokenEntryIsLeftOut() {
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().bigrams(1, 10).build());
    b.add(toks("a", "b", "a_b"));
    Vocabulary v = b.build();
    assertThat(v.bigramCount()).isEqualTo(1); // b_a_b only; "a_b" stays a token entry
    assertThat(v.isBigram(v.id("a_b"))).isFalse();
  }

  @Test
  void randomInsertionOrderGivesTheSameVocabularyAndMergeEqualsOneBuilder() {
    long seed = new Random().nextLong();
    System.out.println("vocabulary seed: " + seed);
    Random r = new Random(seed);
    List<List<Token>> texts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String[] words = new String[1 + r.nextInt(12)];
      for (int k = 0; k < words.length; k++) {
        words[k] = "w" + r.nextInt(40);
      }
      texts.add(toks(words));
    }
    VocabularySettings s = VocabularySettings.builder().minCount(3).maxSize(25).bigrams(2, 30).build();
    VocabularyBuilder one = new VocabularyBuilder(s);
    texts.forEach(one::add);
    List<List<Token>> shuffled = new ArrayList<>(texts);
    Collections.shuffle(shuffled, r);
    VocabularyBuilder left = new VocabularyBuilder(s);
    VocabularyBuilder right = new VocabularyBuilder(s);
    for (int i = 0; i < shuffled.size(); i++) {
      (i % 2 == 0 ? left : right).add(shuffled.get(i));
    }
    Vocabulary merged = left.merge(right).build();
    assertThat(merged).as("seed %d", seed).isEqualTo(one.build());
    // the order property itself
    Vocabulary v = one.build();
    for (int id = 3; id < v.bigramStart(); id++) {
      long prev = one.count(v.token(id - 1));
      long cur = one.count(v.token(id));
      assertThat(prev > cur || (prev == cur && v.token(id - 1).compareTo(v.token(id)) < 0))
          .as("order at id %d (seed %d)", id, seed).isTrue();
      assertThat(cur).isGreaterThanOrEqualTo(3);
    }
    assertThat(v.bigramStart() - 2).isLessThanOrEqualTo(25);
    assertThat(v.bigramCount()).isLessThanOrEqualTo(30);
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> VocabularySettings.builder().minCount(0).build()).isInstanceOf(NlpException.class)
        .hasMessage("vocabulary minCount must be >= 1, found 0");
    assertThatThrownBy(() -> VocabularySettings.builder().maxSize(0).build()).isInstanceOf(NlpException.class);
    assertThatThrownBy(() -> new VocabularyBuilder(VocabularySettings.defaults())
        .merge(new VocabularyBuilder(VocabularySettings.builder().minCount(2).build())))
        .isInstanceOf(NlpException.class);
  }
}
