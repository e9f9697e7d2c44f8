package io.hardmax.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A dataset shipped inside hardmax and named on the command line like {@code imdb:test}, for example the
 * behavioural test set {@code behavioural:v1}. Implementations live in the module that owns the data (the
 * behavioural set is eval's) and register in {@code META-INF/services/io.hardmax.datasets.NamedDataset};
 * {@link DatasetSpec#parse} finds them with {@link java.util.ServiceLoader}, so this module reads them without
 * depending on the module that ships them.
 */
public interface NamedDataset {
  /** The canonical spec, {@code FAMILY:VERSION} (e.g. {@code behavioural:v1}); reviews' origins carry it. */
  String name();

  /** Other specs naming this dataset, e.g. {@code behavioural} for the newest version. */
  default List<String> aliases() {
    return List.of();
  }

  /** One line saying what the data is. */
  String description();

  /** The layout of {@link #openBytes()}: a format of one file (not text or aclimdb). */
  Format format();

  /** A fresh stream of the data's bytes; the caller closes it. */
  InputStream openBytes() throws IOException;
}
