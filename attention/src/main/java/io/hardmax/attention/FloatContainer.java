package io.hardmax.attention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.core.AtomicFiles;
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
 *   arrays    float32 values (or, where the format's header says so, int16 or int8 values), little-endian,
 *             in header order
 *   32 bytes  SHA-256 of everything before it
 * </pre>
 *
 * Each format validates its own header fields and shapes; this class checks the frame and its checksum. A format
 * may read a range of versions ({@link Format#oldestVersion()} to {@link Format#version()}); it always writes the
 * newest.
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
   * @param oldestVersion the oldest version this code still reads (every version from it to {@code version})
   */
  record Format(byte[] magic, int version, int oldestVersion, String noun, String adjective) {
    /** A format that reads and writes one version only. */
    Format(byte[] magic, int version, String noun, String adjective) {
      this(magic, version, version, noun, adjective);
    }
  }

  /** One array of the arrays section, written little-endian. */
  sealed interface Array permits Float32, Int16, Int8 {}

  /** float32 values. */
  record Float32(float[] values) implements Array {}

  /** int16 values (quantised embeddings). */
  record Int16(short[] values) implements Array {}

  /** int8 values (quantised embeddings). */
  record Int8(byte[] values) implements Array {}

  /** A checked frame: the version read, the parsed header and the arrays' bytes (the checksum excluded). */
  record Frame(int version, JsonNode header, ByteBuffer arrays) {}

  private FloatContainer() {}

  /**
   * Writes atomically: a temp file in the same folder, forced to disk, then a move; an existing file stays
   * until the move, so a crash leaves the old file or the new one, never a partial one.
   */
  static void write(Path file, Format f, JsonNode header, float[]... arrays) throws IOException {
    Array[] a = new Array[arrays.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new Float32(arrays[i]);
    }
    write(file, f, header, a);
  }

  /** As {@link #write(Path, Format, JsonNode, float[]...)} for arrays of any stored type. */
  static void write(Path file, Format f, JsonNode header, Array... arrays) throws IOException {
    byte[] h = MAPPER.writeValueAsBytes(header);
    AtomicFiles.write(file, stream -> {
      MessageDigest md = sha256();
      DigestOutputStream out = new DigestOutputStream(stream, md);
      ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      b.put(f.magic()).putInt(f.version()).putInt(h.length);
      out.write(b.array(), 0, b.position());
      out.write(h);
      for (Array a : arrays) {
        b.clear();
        if (a instanceof Float32 x) {
          for (float v : x.values()) {
            flushIfFull(out, b, 4);
            b.putFloat(v);
          }
        } else if (a instanceof Int16 x) {
          for (short v : x.values()) {
            flushIfFull(out, b, 2);
            b.putShort(v);
          }
        } else if (a instanceof Int8 x) {
          for (byte v : x.values()) {
            flushIfFull(out, b, 1);
            b.put(v);
          }
        }
        out.write(b.array(), 0, b.position());
      }
      out.on(false);
      out.write(md.digest());
    });
  }

  private static void flushIfFull(java.io.OutputStream out, ByteBuffer b, int need) throws IOException {
    if (b.remaining() < need) {
      out.write(b.array(), 0, b.position());
      b.clear();
    }
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
    if (version < f.oldestVersion() || version > f.version()) {
      throw new ModelFileException(source + ": " + f.adjective() + " format version " + version
          + ", this hardmax reads " + (f.oldestVersion() == f.version() ? "version " + f.version()
          : "versions " + f.oldestVersion() + " to " + f.version()));
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
