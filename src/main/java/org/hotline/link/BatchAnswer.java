package org.hotline.link;

import java.util.List;
import org.hotline.link.entry.UninterpretableEntry;

/**
 * A receiver's answer to a batch it stored: its cosignature over the batch's checkpoint (the
 * receipt) and the entries of the batch it could not interpret, in order (empty for almost every
 * batch). The receipt proves what arrived, not that it was understood.
 */
public record BatchAnswer(String cosignature, List<UninterpretableEntry> uninterpretable) {
  public BatchAnswer {
    uninterpretable = List.copyOf(uninterpretable);
  }

  /** A receipt for a batch whose every entry was interpreted. */
  public static BatchAnswer receipt(String cosignature) {
    return new BatchAnswer(cosignature, List.of());
  }
}
