package io.hardmax.eval.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.TokenContribution;
import java.io.IOException;

/**
 * The JSON object of one explained text, the schema of {@code hardmax classify --format jsonl} and of the server's
 * answers (one class, so the two never drift apart; {@link #writeLine}, classify's direct jsonl writer, is tested to
 * write the bytes of {@link #write}): {@code id}, {@code label}, {@code probability},
 * {@code logit}, {@code bias}, {@code padding_contribution}, {@code gold} (when known), {@code leaders} (the words
 * of the clusters by |contribution|, padding left out), then by {@link Detail}: {@code tokens} with {@code text},
 * {@code begin}, {@code end} (char offsets into the text), {@code leader} (index into tokens; its own index for a
 * leader; -1 = the padding cluster), {@code contribution} and {@code contribution_alone}; and {@code clusters}
 * with {@code leader}, {@code leader_text}, {@code members} (token indices, ascending) and {@code contribution}.
 */
public final class ExplanationJson {
  private ExplanationJson() {}

  /**
   * A JSON factory for explanations ({@code classify --format json}, the server): doubles by Jackson's Schubfach
   * writer, the shortest decimal that reads back as the same double, as {@link #writeLine} writes them (JDK 17's
   * {@code Double.toString}, Jackson's default, was a third of classify's jsonl time and now and then writes a digit
   * more than needed). A new one per caller: an {@code ObjectMapper} made over a factory takes it over.
   */
  public static JsonFactory newFactory() {
    return JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
  }

  private static final SerializedString TEXT = new SerializedString("text");
  private static final SerializedString BEGIN = new SerializedString("begin");
  private static final SerializedString END = new SerializedString("end");
  private static final SerializedString LEADER = new SerializedString("leader");
  private static final SerializedString CONTRIBUTION = new SerializedString("contribution");
  private static final SerializedString CONTRIBUTION_ALONE = new SerializedString("contribution_alone");

  /** How much of an explanation to write. */
  public enum Detail {
    /** The decision and the leaders, no tokens ({@code POST /v1/classify}). */
    DECISION,
    /** The decision, the leaders and the tokens ({@code classify --format jsonl}). */
    TOKENS,
    /** Also the clusters ({@code POST /v1/explain}). */
    CLUSTERS
  }

  /** Writes the fields of one object (the caller opens and closes it, so it may add its own fields). */
  public static void writeFields(JsonGenerator g, String id, Integer gold, Explanation e, Detail detail) throws IOException {
    g.writeStringField("id", id);
    g.writeNumberField("label", e.label());
    g.writeNumberField("probability", e.probability());
    g.writeNumberField("logit", e.logit());
    g.writeNumberField("bias", e.bias());
    g.writeNumberField("padding_contribution", e.paddingContribution());
    if (gold != null) {
      g.writeNumberField("gold", gold);
    }
    g.writeArrayFieldStart("leaders");
    for (ClusterContribution c : e.clusters()) {
      if (c.leader() >= 0) {
        g.writeString(c.leaderText());
      }
    }
    g.writeEndArray();
    if (detail == Detail.DECISION) {
      return;
    }
    g.writeArrayFieldStart("tokens");
    for (TokenContribution t : e.tokens()) {
      // hundreds of tokens per review: the names are escaped and encoded once (SerializedString), not per token
      g.writeStartObject();
      g.writeFieldName(TEXT);
      g.writeString(t.text());
      g.writeFieldName(BEGIN);
      g.writeNumber(t.begin());
      g.writeFieldName(END);
      g.writeNumber(t.end());
      g.writeFieldName(LEADER);
      g.writeNumber(t.leader());
      g.writeFieldName(CONTRIBUTION);
      g.writeNumber(t.contribution());
      g.writeFieldName(CONTRIBUTION_ALONE);
      g.writeNumber(t.contributionAlone());
      if (t.gatedBy() >= 0) {
        g.writeNumberField("gated_by", t.gatedBy()); // only with a gate: older outputs are unchanged
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    if (detail == Detail.TOKENS) {
      return;
    }
    g.writeArrayFieldStart("clusters");
    for (ClusterContribution c : e.clusters()) {
      g.writeStartObject();
      g.writeNumberField("leader", c.leader());
      g.writeStringField("leader_text", c.leaderText());
      g.writeArrayFieldStart("members");
      for (int m : c.members()) {
        g.writeNumber(m);
      }
      g.writeEndArray();
      g.writeNumberField("contribution", c.contribution());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static final byte[] L_ID = JsonBytes.name("id");
  private static final byte[] L_LABEL = JsonBytes.name("label");
  private static final byte[] L_PROBABILITY = JsonBytes.name("probability");
  private static final byte[] L_LOGIT = JsonBytes.name("logit");
  private static final byte[] L_BIAS = JsonBytes.name("bias");
  private static final byte[] L_PADDING = JsonBytes.name("padding_contribution");
  private static final byte[] L_GOLD = JsonBytes.name("gold");
  private static final byte[] L_LEADERS = JsonBytes.name("leaders");
  private static final byte[] L_TOKENS = JsonBytes.name("tokens");
  private static final byte[] L_TEXT = JsonBytes.name("text");
  private static final byte[] L_BEGIN = JsonBytes.name("begin");
  private static final byte[] L_END = JsonBytes.name("end");
  private static final byte[] L_LEADER = JsonBytes.name("leader");
  private static final byte[] L_CONTRIBUTION = JsonBytes.name("contribution");
  private static final byte[] L_CONTRIBUTION_ALONE = JsonBytes.name("contribution_alone");
  private static final byte[] L_GATED_BY = JsonBytes.name("gated_by");

  /**
   * One whole object with {@link Detail#TOKENS}, compact, as UTF-8 bytes: exactly the bytes of {@link #write} through a
   * compact Jackson generator with its fast double writer and a UTF-8 writer (tested), written directly (the
   * generator was a quarter of {@code classify --format jsonl}'s CPU).
   */
  public static void writeLine(JsonBytes out, String id, Integer gold, Explanation e) {
    out.raw('{').raw(L_ID).string(id);
    out.raw(',').raw(L_LABEL).number(e.label());
    out.raw(',').raw(L_PROBABILITY).number(e.probability());
    out.raw(',').raw(L_LOGIT).number(e.logit());
    out.raw(',').raw(L_BIAS).number(e.bias());
    out.raw(',').raw(L_PADDING).number(e.paddingContribution());
    if (gold != null) {
      out.raw(',').raw(L_GOLD).number(gold.intValue());
    }
    out.raw(',').raw(L_LEADERS).raw('[');
    boolean first = true;
    for (ClusterContribution c : e.clusters()) {
      if (c.leader() >= 0) {
        if (!first) {
          out.raw(',');
        }
        first = false;
        out.string(c.leaderText());
      }
    }
    out.raw(']').raw(',').raw(L_TOKENS).raw('[');
    first = true;
    for (TokenContribution t : e.tokens()) {
      if (!first) {
        out.raw(',');
      }
      first = false;
      out.raw('{').raw(L_TEXT).string(t.text());
      out.raw(',').raw(L_BEGIN).number(t.begin());
      out.raw(',').raw(L_END).number(t.end());
      out.raw(',').raw(L_LEADER).number(t.leader());
      out.raw(',').raw(L_CONTRIBUTION).number(t.contribution());
      out.raw(',').raw(L_CONTRIBUTION_ALONE).number(t.contributionAlone());
      if (t.gatedBy() >= 0) {
        out.raw(',').raw(L_GATED_BY).number(t.gatedBy());
      }
      out.raw('}');
    }
    out.raw(']').raw('}');
  }

  /** One whole object. */
  public static void write(JsonGenerator g, String id, Integer gold, Explanation e, Detail detail) throws IOException {
    g.writeStartObject();
    writeFields(g, id, gold, e, detail);
    g.writeEndObject();
  }
}
