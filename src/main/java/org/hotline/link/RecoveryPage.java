package org.hotline.link;

import java.util.List;

/**
 * One answer of {@code POST /federation/v1/recovery} (docs/protocol.md §11.8): the answering node's
 * record of the caller's own log, which it mirrors. {@code size} and {@code checkpoint} are what it
 * holds, as its latest receipt states (the caller's signed checkpoint for {@code size} with the
 * answering node's cosignature; null when {@code size} is 0); the page is entries {@code firstSeq
 * ..} up to the next checkpoint it stored, with its receipt for that size. An empty page ({@code
 * entries} empty, {@code firstSeq} and {@code receipt} null) when nothing follows the position
 * asked for.
 */
public record RecoveryPage(
    String log, long size, String checkpoint, Long firstSeq, List<byte[]> entries, String receipt) {
  public RecoveryPage {
    entries = List.copyOf(entries);
  }

  /** The position after the last entry of the page. */
  public long end() {
    return firstSeq == null ? 0 : firstSeq + entries.size() - 1;
  }
}
