package io.hardmax.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/classify} and {@code POST /v1/explain}: {@code {"texts": ["...", ...]}}, and for
 * explain an optional {@code "trajectories": true} (adds the SVG trajectory plot of each text). Unknown fields,
 * wrong types, duplicate keys and trailing content are refused with 400; too many or too long texts with 413.
 *
 * @param texts        the texts, in order
 * @param trajectories whether to add each text's trajectory plot
 */
record TextsRequest(List<String> texts, boolean trajectories) {
  static final int BAD_REQUEST = 400;
  static final int TOO_LARGE = 413;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  TextsRequest {
    texts = List.copyOf(texts);
  }

  /** Parses and checks a body against the limits; {@code explain} allows the {@code trajectories} field. */
  static TextsRequest parse(byte[] body, ServeConfig cfg, boolean explain) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(BAD_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new ApiException(BAD_REQUEST, "the body cannot be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new ApiException(BAD_REQUEST, "the body is empty, expected {\"texts\": [\"...\"]}");
    }
    if (!root.isObject()) {
      throw new ApiException(BAD_REQUEST, "the body must be a JSON object {\"texts\": [\"...\"]}, was " + kind(root));
    }
    boolean trajectories = false;
    JsonNode texts = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> f = it.next();
      switch (f.getKey()) {
        case "texts" -> texts = f.getValue();
        case "trajectories" -> {
          if (!explain) {
            throw new ApiException(BAD_REQUEST, "unknown field 'trajectories' (only /v1/explain has it; expected: texts)");
          }
          if (!f.getValue().isBoolean()) {
            throw new ApiException(BAD_REQUEST, "'trajectories' must be true or false, was " + kind(f.getValue()));
          }
          trajectories = f.getValue().booleanValue();
        }
        default -> throw new ApiException(BAD_REQUEST, "unknown field '" + f.getKey() + "' (expected: texts"
            + (explain ? ", trajectories" : "") + ")");
      }
    }
    if (texts == null) {
      throw new ApiException(BAD_REQUEST, "missing field 'texts' (an array of strings)");
    }
    if (!texts.isArray()) {
      throw new ApiException(BAD_REQUEST, "'texts' must be an array of strings, was " + kind(texts));
    }
    if (texts.size() > cfg.maxTexts()) {
      throw new ApiException(TOO_LARGE, "'texts' has " + texts.size() + " texts, the limit is " + cfg.maxTexts()
          + " per request (--max-texts)");
    }
    List<String> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      JsonNode t = texts.get(i);
      if (!t.isTextual()) {
        throw new ApiException(BAD_REQUEST, "texts[" + i + "] must be a string, was " + kind(t));
      }
      String s = t.textValue();
      if (s.length() > cfg.maxTextChars()) {
        throw new ApiException(TOO_LARGE, "texts[" + i + "] has " + s.length() + " chars, the limit is "
            + cfg.maxTextChars() + " (--max-text-chars)");
      }
      out.add(s);
    }
    return new TextsRequest(out, trajectories);
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
