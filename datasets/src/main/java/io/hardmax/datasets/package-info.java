/**
 * Reviews and where they come from: streaming readers for every common layout ({@link io.hardmax.datasets.Format},
 * one {@link io.hardmax.datasets.ReviewReader} class per format holding its name, description, detection and
 * reading; add a format by writing one and listing it in {@code Format}), one-line errors for bad input
 * ({@link io.hardmax.datasets.DataFormatException}), dataset specs ({@link io.hardmax.datasets.DatasetSpec}: the
 * IMDb download with checksums and the official train/test split of Maas et al., ACL 2011, and datasets shipped
 * by other modules as {@link io.hardmax.datasets.NamedDataset}s), seeded validation splits, and dataset
 * statistics.
 */
package io.hardmax.datasets;
