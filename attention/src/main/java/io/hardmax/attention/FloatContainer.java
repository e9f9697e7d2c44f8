package io.hardmax.attention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.nlp.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The binary container shared by {@link ModelFile} and {@link Checkpoint} (never Java serialization):
 *
 * <pre>
 *   8 bytes   magic (the format's own, e.g. "HARDMAX\n")
 *   4 bytes   format version (little-endian int)
 *   4 bytes   header length H (little-endian int)
 *   H bytes   UTF-8 JSON header (the format's fields, and its arrays' names and shapes)
 *   arrays    float32 values, little-endian, in header order
 *   32 bytes  SHA-256 of everything before it
 * </pre>
 *
 * Each format validates its own header fields and shapes; this class checks the frame and its checksum.
 */
final class FloatContainer {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What a format calls itself in error messages.
   *
   * @param magic the 8-byte magic
   * @param version the version this code reads and writes
   * @param noun "model file" or "checkpoint" (in "not a hardmax ...", "truncated ...")
   * @param adjective "model" or "checkpoint" (in "... format version", "unreadable ... header")
   * @param oldest the oldest version this code still reads (every version from it to {@code version})
   */
  record Format(byte[] magic, int version, String noun, String adjective, int oldest) {
    Format(byte[] magic, int version, String noun, String adjective) {
      this(magic, version, noun, adjective, version);
    }
  }

  /** A checked frame: the file's format version, the parsed header and the arrays' bytes (the checksum excluded). */
  record Frame(int version, JsonNode header, ByteBuffer arrays) {}

  private FloatContainer() {}

  /**
   * Writes atomically: a temp file in the same folder, forced to disk, then a move; an existing file stays
   * until the move, so a crash leaves the old file or the new one, never a partial one.
   */
  static void write(Path file, Format f, JsonNode header, float[]... arrays) throws IOException {
    byte[] h = MAPPER.writeValueAsBytes(header);
    AtomicFiles.write(file, stream -> {
      MessageDigest md = sha256();
      DigestOutputStream out = new DigestOutputStream(stream, md);
      ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      b.put(f.magic()).putInt(f.version()).putInt(h.length);
      out.write(b.array(), 0, b.position());
      out.write(h);
      for (float[] a : arrays) {
        b.clear();
        for (float x : a) {
          if (b.remaining() < 4) {
            out.write(b.array(), 0, b.position());
            b.clear();
          }
          b.putFloat(x);
        }
        out.write(b.array(), 0, b.position());
      }
      out.on(false);
      out.write(md.digest());
    });
  }

  /**
   * Checks the magic, the version, the header length and the checksum, and parses the header.
   *
   * @throws ModelFileException one line naming {@code source} and what is wrong
   */
  static Frame open(byte[] bytes, String source, Format f) {
    byte[] magic = f.magic();
    if (bytes.length < magic.length + 8 || !Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
      throw new ModelFileException(source + ": not a hardmax " + f.noun() + " (expected it to start with \""
          + new String(magic, StandardCharsets.US_ASCII).strip() + "\")");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.position(magic.length);
    int version = b.getInt();
    if (version < f.oldest() || version > f.version()) {
      throw new ModelFileException(source + ": " + f.adjective() + " format version " + version
          + ", this hardmax reads version" + (f.oldest() == f.version() ? " " + f.version()
              : "s " + f.oldest() + " to " + f.version()));
    }
    int hlen = b.getInt();
    if (hlen < 2 || hlen > bytes.length - b.position() - 32) {
      throw new ModelFileException(source + ": truncated " + f.noun() + " (header of " + hlen
          + " bytes does not fit in " + bytes.length + " bytes)");
    }
    MessageDigest md = sha256();
    md.update(bytes, 0, bytes.length - 32);
    if (!Arrays.equals(md.digest(), 0, 32, bytes, bytes.length - 32, bytes.length)) {
      throw new ModelFileException(source + ": corrupted or truncated " + f.noun() + " (SHA-256 checksum does not match)");
    }
    JsonNode h;
    try {
      h = MAPPER.readTree(new String(bytes, b.position(), hlen, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelFileException(source + ": unreadable " + f.adjective() + " header ("
          + e.getMessage().split("\n")[0] + ")", e);
    }
    int start = b.position() + hlen;
    ByteBuffer arrays = ByteBuffer.wrap(bytes, start, bytes.length - 32 - start).slice().order(ByteOrder.LITTLE_ENDIAN);
    return new Frame(version, h, arrays);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
