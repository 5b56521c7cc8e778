package org.hotline.link;

import java.util.List;
import org.hotline.identity.LogOrigin;

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

  /**
   * The page a node serves of {@code log}, a peer's own log that it mirrors: what it holds ({@code
   * state}, read as for {@code GET /federation/v1/state}) and the entries after {@code after} up to
   * the next checkpoint it stored, with its receipt for that size; an empty page when {@code after}
   * is at or beyond what it holds (the caller may hold entries it never received).
   */
  public static RecoveryPage serve(
      LinkStore store, LogOrigin log, RemoteLogState state, long after) {
    if (after >= state.size()) {
      return new RecoveryPage(
          log.text(), state.size(), state.cosignedCheckpoint(), null, List.of(), null);
    }
    long end =
        store
            .nextCheckpointSize(log, after)
            .orElseThrow(
                () -> new IllegalStateException(log + " has no checkpoint after size " + after));
    LinkStore.Receipt receipt =
        store
            .receiptCovering(log, end)
            .filter(r -> r.size() == end)
            .orElseThrow(() -> new IllegalStateException(log + " has no receipt for size " + end));
    List<byte[]> entries = new java.util.ArrayList<>((int) (end - after));
    for (LinkStore.StoredEntry entry : store.entries(log, after + 1, end)) {
      entries.add(entry.bytes());
    }
    return new RecoveryPage(
        log.text(),
        state.size(),
        state.cosignedCheckpoint(),
        after + 1,
        entries,
        receipt.cosignedNote());
  }

  /**
   * The page a node serves of {@code log}, its own log to the caller, for the caller to fetch again
   * what it lost of it: up to what the caller had receipted ({@code size}, with that receipt as
   * {@code checkpoint}), so that nothing is served that has not already left the node; the entries
   * after {@code after} up to the next checkpoint, with this node's signed checkpoint for that size
   * as {@code receipt}. An empty page when {@code after} is at or beyond that size.
   */
  public static RecoveryPage serveOwn(LinkStore store, LogOrigin log, long after) {
    java.util.Optional<LinkStore.Receipt> latest = store.latestReceipt(log);
    long size = latest.map(LinkStore.Receipt::size).orElse(0L);
    String checkpoint = latest.map(LinkStore.Receipt::cosignedNote).orElse(null);
    if (after >= size) {
      return new RecoveryPage(log.text(), size, checkpoint, null, List.of(), null);
    }
    long end =
        store
            .nextCheckpointSize(log, after)
            .orElseThrow(
                () -> new IllegalStateException(log + " has no checkpoint after size " + after));
    List<byte[]> entries = new java.util.ArrayList<>((int) (end - after));
    for (LinkStore.StoredEntry entry : store.entries(log, after + 1, end)) {
      entries.add(entry.bytes());
    }
    return new RecoveryPage(
        log.text(), size, checkpoint, after + 1, entries, store.checkpoint(log, end).orElseThrow());
  }
}
