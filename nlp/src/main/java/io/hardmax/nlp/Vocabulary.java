package io.hardmax.nlp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable token → id map. Id {@link #PAD} is padding, id {@link #UNK} stands for every token not in the
 * vocabulary; real entries follow in a deterministic order (descending count, then lexicographic).
 * Build it from training data only ({@link VocabularyBuilder}); never from a test split.
 */
public final class Vocabulary {
  public static final int PAD = 0;
  public static final int UNK = 1;
  public static final String PAD_TOKEN = "<pad>";
  public static final String UNK_TOKEN = "<unk>";

  private final List<String> tokens; // id -> token
  private final Map<String, Integer> ids;

  /**
   * @param tokens all entries in id order; entry 0 must be {@link #PAD_TOKEN} and entry 1 {@link #UNK_TOKEN}
   */
  public Vocabulary(List<String> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    if (tokens.size() < 2 || !PAD_TOKEN.equals(tokens.get(PAD)) || !UNK_TOKEN.equals(tokens.get(UNK))) {
      throw new IllegalArgumentException("vocabulary must start with " + PAD_TOKEN + ", " + UNK_TOKEN);
    }
    this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
    this.ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      if (ids.putIfAbsent(tokens.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate vocabulary entry '" + tokens.get(i) + "' at id " + i);
      }
    }
  }

  /** Number of ids, including PAD and UNK. */
  public int size() {
    return tokens.size();
  }

  /** The id of a token, {@link #UNK} when absent. */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? UNK : id;
  }

  /** Whether the token has its own id. */
  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  /** The token of an id. */
  public String token(int id) {
    return tokens.get(id);
  }

  /** All entries in id order (unmodifiable). */
  public List<String> tokens() {
    return tokens;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v && v.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }

  @Override
  public String toString() {
    return "Vocabulary[size=" + tokens.size() + "]";
  }
}
