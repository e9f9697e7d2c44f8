package io.hardmax.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The {@link NamedDataset}s on the class path, loaded once. */
final class NamedDatasets {
  private NamedDatasets() {}

  private static final class Holder {
    static final List<NamedDataset> ALL = load();

    private static List<NamedDataset> load() {
      List<NamedDataset> all = new ArrayList<>();
      ServiceLoader.load(NamedDataset.class, NamedDataset.class.getClassLoader()).forEach(all::add);
      List<String> seen = new ArrayList<>();
      for (NamedDataset d : all) {
        for (String n : names(d)) {
          if (seen.contains(n)) {
            throw new IllegalStateException("two named datasets are called '" + n + "'");
          }
          seen.add(n);
        }
      }
      return List.copyOf(all);
    }
  }

  /** All installed datasets, in class-path order. */
  static List<NamedDataset> all() {
    return Holder.ALL;
  }

  /** The canonical name and the aliases. */
  static List<String> names(NamedDataset d) {
    List<String> n = new ArrayList<>();
    n.add(d.name());
    n.addAll(d.aliases());
    return n;
  }

  /** The dataset named {@code spec} exactly. */
  static Optional<NamedDataset> find(String spec) {
    return all().stream().filter(d -> names(d).contains(spec)).findFirst();
  }

  /** The names of the datasets whose family (the part before ':') is {@code family}, comma-separated, or "". */
  static String namesInFamily(String family) {
    List<String> out = new ArrayList<>();
    for (NamedDataset d : all()) {
      if (d.name().startsWith(family + ":")) {
        out.addAll(names(d));
      }
    }
    return String.join(", ", out);
  }
}
