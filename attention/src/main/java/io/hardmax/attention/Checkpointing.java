package io.hardmax.attention;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a training run writes its {@link Checkpoint} after every epoch, and whether it continues from it.
 *
 * @param file    the checkpoint file, rewritten atomically after every epoch
 * @param resume  continue from {@code file} (which must exist) instead of starting from epoch 1
 * @param context what identifies the run beyond what the trainer sees (e.g. tokenizer and vocabulary settings);
 *                a checkpoint is refused when it differs, like the configuration and the data
 */
public record Checkpointing(Path file, boolean resume, String context) {
  public Checkpointing {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(context, "context");
  }
}
