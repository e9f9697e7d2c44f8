package io.hardmax.datasets;

import java.util.ArrayList;
import java.util.List;

/** Malformed records skipped under {@code --skip-bad}: how many and where (the first {@link #KEPT} messages). */
public final class SkipReport {
  /** Number of messages kept. */
  public static final int KEPT = 20;

  private long count;
  private final List<String> messages = new ArrayList<>();

  /** Records one skipped record. Thread-safe. */
  public synchronized void skipped(DataFormatException e) {
    count++;
    if (messages.size() < KEPT) {
      messages.add(e.getMessage());
    }
  }

  public synchronized long count() {
    return count;
  }

  public synchronized List<String> messages() {
    return List.copyOf(messages);
  }

  /** One line for the user, e.g. {@code skipped 2 malformed records: a.jsonl, line 4: ...; ...}. */
  public synchronized String summary() {
    if (count == 0) {
      return "no malformed records";
    }
    return "skipped " + count + " malformed record" + (count == 1 ? "" : "s") + ": " + String.join("; ", messages)
        + (count > messages.size() ? "; ..." : "");
  }
}
