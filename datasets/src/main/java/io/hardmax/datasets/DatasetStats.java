package io.hardmax.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Statistics of a dataset in one streaming pass.
 *
 * @param count      number of reviews
 * @param negative   reviews labelled 0
 * @param positive   reviews labelled 1
 * @param unlabeled  reviews without a label
 * @param minTokens  shortest review, in tokens of the given counter
 * @param medianTokens median length
 * @param p90Tokens  90th percentile length
 * @param maxTokens  longest review
 * @param duplicates reviews whose text is an exact copy of an earlier one
 */
public record DatasetStats(long count, long negative, long positive, long unlabeled, int minTokens,
    int medianTokens, int p90Tokens, int maxTokens, long duplicates) {

  /** Computes the statistics; {@code tokens} counts the tokens of one text. */
  public static DatasetStats compute(Iterator<Review> reviews, ToIntFunction<String> tokens) {
    long neg = 0;
    long pos = 0;
    long unl = 0;
    long dup = 0;
    int[] lengths = new int[1024];
    int n = 0;
    Set<String> seen = new HashSet<>();
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    while (reviews.hasNext()) {
      Review r = reviews.next();
      if (r.label() == null) {
        unl++;
      } else if (r.label() == 0) {
        neg++;
      } else {
        pos++;
      }
      // duplicates by SHA-256 of the text: 32 bytes per review instead of the text itself
      String key = java.util.HexFormat.of().formatHex(md.digest(r.text().getBytes(StandardCharsets.UTF_8)));
      if (!seen.add(key)) {
        dup++;
      }
      if (n == lengths.length) {
        lengths = Arrays.copyOf(lengths, n * 2);
      }
      lengths[n++] = tokens.applyAsInt(r.text());
    }
    int[] l = Arrays.copyOf(lengths, n);
    Arrays.sort(l);
    return new DatasetStats(n, neg, pos, unl, n == 0 ? 0 : l[0], n == 0 ? 0 : l[(n - 1) / 2],
        n == 0 ? 0 : l[(int) Math.ceil(0.9 * n) - 1], n == 0 ? 0 : l[n - 1], dup);
  }

  /** JSON with {@code count}, {@code labels} {"0": .., "1": .., "unlabeled": ..}, {@code tokens} and {@code duplicates}. */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode o = mapper.createObjectNode();
    o.put("count", count);
    o.putObject("labels").put("0", negative).put("1", positive).put("unlabeled", unlabeled);
    o.putObject("tokens").put("min", minTokens).put("median", medianTokens).put("p90", p90Tokens).put("max", maxTokens);
    o.put("duplicates", duplicates);
    return o;
  }
}
