package io.hardmax.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
  @Test
  void replacesTargetAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("sub/out.json");
    AtomicWrite.writeString(f, "one");
    AtomicWrite.writeString(f, "two");
    assertThat(Files.readString(f)).isEqualTo("two");
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("out.json");
    }
  }

  @Test
  void failureKeepsOldContentAndCleansUp(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("out.txt");
    AtomicWrite.writeString(f, "old");
    assertThatThrownBy(() -> AtomicWrite.write(f, out -> {
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(f)).isEqualTo("old");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.count()).isEqualTo(1);
    }
  }
}
