package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesReplacesAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("sub/out.bin");
    AtomicFiles.write(f, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
    assertThat(f).hasContent("one");
    // a body that closes the stream (as many writers do) still gets its bytes forced and moved
    AtomicFiles.write(f, out -> {
      out.write("two".getBytes(StandardCharsets.UTF_8));
      out.close();
    });
    assertThat(f).hasContent("two");
    assertThat(dir.resolve("sub").toFile().list()).containsExactly("out.bin");
  }

  @Test
  void aFailingBodyLeavesTheOldFileUntouched() throws IOException {
    Path f = dir.resolve("out.bin");
    Files.writeString(f, "old");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(f).hasContent("old");
    assertThat(dir.toFile().list()).containsExactly("out.bin");
  }
}
