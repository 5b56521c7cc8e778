package org.hotline.transcript;

/**
 * A receipt: the writer's signed checkpoint with the reader's cosignature line added
 * (docs/protocol.md §8), the proof that the reader stored the log up to the checkpoint's size. Its
 * text, {@link #cosignedNote}, is what both sides store and what {@code GET /federation/v1/state}
 * answers.
 *
 * @param checkpoint the writer's signed checkpoint, a signed note ending in a newline
 * @param cosignature the reader's signature line, without its newline
 */
public record Receipt(String checkpoint, String cosignature) {
  public Receipt {
    if (!checkpoint.endsWith("\n")) {
      throw new IllegalArgumentException("a signed checkpoint ends with a newline");
    }
    if (cosignature.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a cosignature is one line");
    }
  }

  /** The cosigned checkpoint: the writer's note with one more signature line. */
  public String cosignedNote() {
    return checkpoint + cosignature + "\n";
  }
}
