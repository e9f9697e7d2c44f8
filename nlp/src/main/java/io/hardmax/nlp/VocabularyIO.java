package io.hardmax.nlp;

import io.hardmax.core.AtomicFiles;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Saves and loads a {@link Vocabulary} as one JSON object:
 *
 * <pre>{"format": "hardmax-vocabulary", "version": 1, "bigramStart": 1234, "tokens": ["&lt;pad&gt;", "&lt;unk&gt;", "the", ...]}</pre>
 *
 * The token list in id order is the whole content; {@code bigramStart} is the first bigram id (equal to the
 * number of tokens when there are none). A vocabulary with trigram entries is written as version 2, which adds
 * {@code "trigramStart"}, the first trigram id; one without is written as version 1, byte for byte as before
 * trigrams existed, so older readers keep reading it. Both versions are read. Model files embed the same object ({@link #toJson}/{@link #fromJson});
 * the model file format itself belongs to the attention module. Every read error is an {@link NlpException}
 * naming the source and what was expected.
 */
public final class VocabularyIO {
  public static final String FORMAT = "hardmax-vocabulary";
  /** The newest version; written only when the vocabulary has trigrams. */
  public static final int VERSION = 2;
  /** The version of a vocabulary without trigrams (no {@code trigramStart} field). */
  public static final int VERSION_WITHOUT_TRIGRAMS = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private VocabularyIO() {}

  /** The vocabulary as a JSON object (for embedding in a model file). */
  public static ObjectNode toJson(Vocabulary vocabulary) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", vocabulary.hasTrigrams() ? VERSION : VERSION_WITHOUT_TRIGRAMS);
    root.put("bigramStart", vocabulary.bigramStart());
    if (vocabulary.hasTrigrams()) {
      root.put("trigramStart", vocabulary.trigramStart());
    }
    ArrayNode tokens = root.putArray("tokens");
    for (String t : vocabulary.tokens()) {
      tokens.add(t);
    }
    return root;
  }

  /**
   * Reads the JSON object written by {@link #toJson}.
   *
   * @param source names the file or model part in error messages
   */
  public static Vocabulary fromJson(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw new NlpException(source + ": expected a JSON object with \"format\": \"" + FORMAT + "\", found "
          + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    String format = root.path("format").asText("");
    if (!FORMAT.equals(format)) {
      throw new NlpException(source + ": expected \"format\": \"" + FORMAT + "\", found \"" + format + "\"");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.canConvertToInt()
        || (version.asInt() != VERSION && version.asInt() != VERSION_WITHOUT_TRIGRAMS)) {
      throw new NlpException(source + ": expected vocabulary \"version\": " + VERSION_WITHOUT_TRIGRAMS + " or "
          + VERSION + ", found " + version);
    }
    JsonNode tokens = root.get("tokens");
    if (tokens == null || !tokens.isArray()) {
      throw new NlpException(source + ": expected \"tokens\" to be an array of strings");
    }
    List<String> list = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      JsonNode t = tokens.get(i);
      if (!t.isTextual() || t.asText().isEmpty()) {
        throw new NlpException(source + ": tokens[" + i + "]: expected a non-empty string, found " + t);
      }
      list.add(t.asText());
    }
    JsonNode start = root.get("bigramStart");
    if (start == null || !start.canConvertToInt()) {
      throw new NlpException(source + ": expected an integer \"bigramStart\", found " + start);
    }
    int trigramStart = list.size();
    if (version.asInt() == VERSION) {
      JsonNode ts = root.get("trigramStart");
      if (ts == null || !ts.canConvertToInt()) {
        throw new NlpException(source + ": expected an integer \"trigramStart\" in vocabulary version " + VERSION
            + ", found " + ts);
      }
      trigramStart = ts.asInt();
    }
    try {
      return new Vocabulary(list, start.asInt(), trigramStart);
    } catch (IllegalArgumentException e) {
      throw new NlpException(source + ": " + e.getMessage(), e);
    }
  }

  /** Writes the vocabulary as UTF-8 JSON; the stream stays open. */
  public static void write(Vocabulary vocabulary, OutputStream out) throws IOException {
    JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValue(out, toJson(vocabulary));
  }

  /** Reads a vocabulary written by {@link #write}; {@code source} names the input in errors. */
  public static Vocabulary read(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new NlpException(source + ": not valid JSON at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
    }
    return fromJson(root, source);
  }

  /** Saves to a file, atomically: a partly written file is never left at {@code path}. */
  public static void save(Vocabulary vocabulary, Path path) {
    try {
      AtomicFiles.write(path, out -> write(vocabulary, out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write vocabulary " + path + ": " + e.getMessage(), e);
    }
  }

  /** Loads a file written by {@link #save}. */
  public static Vocabulary load(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new NlpException(path + ": expected a vocabulary file, found "
          + (Files.isDirectory(path) ? "a directory" : "nothing"));
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vocabulary " + path + ": " + e.getMessage(), e);
    }
  }
}
