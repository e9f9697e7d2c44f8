package io.hardmax.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

  @Test
  void aFolderAsTargetIsTheUsersError() {
    assertThatThrownBy(() -> AtomicFiles.writeString(dir, "x")).isInstanceOf(UserException.class)
        .hasMessage(dir + ": is a folder, expected a file to write");
  }

  /** SIGTERM in the middle of a write (as Ctrl-C or a job scheduler does) leaves neither the target nor a temp file. */
  @Test
  void anInterruptedRunLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("out.jsonl");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(),
        target.toString()).redirectErrorStream(true).start();
    // wait until the child has started writing (its temp file exists), then terminate it
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (listing().length == 0) {
      if (!p.isAlive()) {
        throw new AssertionError("the writer died early: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      assertThat(System.nanoTime()).as("the writer never started").isLessThan(deadline);
      Thread.sleep(20);
    }
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(listing()).isEmpty();
  }

  private String[] listing() {
    String[] l = dir.toFile().list();
    return l == null ? new String[0] : l;
  }

  /** A child process that writes to its target for a minute, one line every 10 ms. */
  static final class SlowWriter {
    public static void main(String[] args) throws IOException {
      AtomicFiles.write(Path.of(args[0]), out -> {
        for (int i = 0; i < 6000; i++) {
          out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      });
    }
  }
}
