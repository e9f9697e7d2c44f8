package io.hardmax.attention;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a training run writes its {@link Checkpoint} after every epoch, and whether it continues from it.
 *
 * @param file    the checkpoint file, rewritten atomically after every epoch
 * @param resume  continue from {@code file} (which must exist) instead of starting from epoch 1
 * @param context what configures the run beyond what the trainer sees (e.g. the tokenizer and vocabulary settings
 *                records); a checkpoint is refused when one of their fields differs
 * @param dataId  what identifies the data beyond the token ids the trainer sees (e.g. a SHA-256 of the texts, so
 *                that a renamed word is other data); a checkpoint is refused when it differs
 */
public record Checkpointing(Path file, boolean resume, List<Record> context, String dataId) {
  public Checkpointing {
    Objects.requireNonNull(file, "file");
    context = List.copyOf(context);
    Objects.requireNonNull(dataId, "dataId");
  }
}
