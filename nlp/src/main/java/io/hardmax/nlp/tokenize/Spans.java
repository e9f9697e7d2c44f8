package io.hardmax.nlp.tokenize;

import java.util.Arrays;

/**
 * A growable, reusable buffer of raw token spans produced by a tokenizer family before the shared options
 * (lower-casing, stop words, stemming, negation) run. One instance per thread; nothing is allocated per token
 * except the optional form string.
 */
final class Spans {
  private int[] begins = new int[256];
  private int[] ends = new int[256];
  private String[] forms = new String[256];
  private int size;

  void clear() {
    Arrays.fill(forms, 0, size, null);
    size = 0;
  }

  /**
   * Adds a span of the original text.
   *
   * @param form the family's form of the token, or {@code null} when it is the surface
   *     {@code text.substring(begin, end)}
   */
  void add(int begin, int end, String form) {
    if (size == begins.length) {
      int n = size * 2;
      begins = Arrays.copyOf(begins, n);
      ends = Arrays.copyOf(ends, n);
      forms = Arrays.copyOf(forms, n);
    }
    begins[size] = begin;
    ends[size] = end;
    forms[size] = form;
    size++;
  }

  int size() {
    return size;
  }

  int begin(int i) {
    return begins[i];
  }

  int end(int i) {
    return ends[i];
  }

  /** The form of span i: the family's form when one was given, else the surface text. */
  String form(String text, int i) {
    String f = forms[i];
    return f != null ? f : text.substring(begins[i], ends[i]);
  }
}
