package io.hardmax.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunManifestTest {
  @Test
  void versionsComeFromTheBuildIncludingNd4j() {
    Map<String, String> v = RunManifest.libraryVersions();
    assertThat(v).containsKeys("java", "hardmax", "corenlp", "lucene", "nd4j", "jackson", "picocli");
    assertThat(v.get("java")).isEqualTo(System.getProperty("java.version"));
    // filled in by Maven from the parent POM, never a placeholder
    assertThat(v.values()).allSatisfy(s -> assertThat(s).isNotBlank().doesNotContain("${"));
    assertThat(v.get("nd4j")).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void theManifestIsSortedAndImmutable() {
    RunManifest m = new RunManifest("abc", Map.of("b", "2", "a", "1"));
    assertThat(m.versions().keySet()).containsExactly("a", "b");
    assertThat(RunManifest.current().gitCommit()).matches("[0-9a-f]{40}|unknown");
  }
}
