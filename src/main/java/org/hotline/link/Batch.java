package org.hotline.link;

import java.util.List;

/**
 * Consecutive entries {@code firstSeq..firstSeq+entries.size()-1} of one direction log and the
 * writer's signed checkpoint for exactly that end size.
 */
public record Batch(String log, long firstSeq, List<byte[]> entries, String checkpoint) {
  public Batch {
    entries = List.copyOf(entries);
  }

  public long endSize() {
    return firstSeq + entries.size() - 1;
  }
}
