/**
 * Reviews and where they come from: streaming readers for every common layout ({@link io.hardmax.datasets.Format}),
 * one-line errors for bad input ({@link io.hardmax.datasets.DataFormatException}), the IMDb download with
 * checksums and the official train/test split (Maas et al., ACL 2011), seeded validation splits, and dataset
 * statistics.
 */
package io.hardmax.datasets;
