package org.hotline.link;

import java.util.ArrayList;
import java.util.List;
import org.hotline.transcript.Frontier;
import org.hotline.transcript.MerkleHash;

/**
 * Appends entry bytes to a direction log's tree, in memory: computes leaf hashes, extends the
 * frontier, and collects the subtree hashes that storage keeps for proofs. Used by the writer when
 * it sequences and by the reader when it checks a batch, so both compute the tree the same way. Not
 * thread-safe.
 */
public final class LogAppender {
  /**
   * Storage keeps complete subtree hashes at every 4th level (16, 256, 4096 … leaves) besides the
   * leaf hashes: about n/15 extra rows instead of n, and any other node is rebuilt from at most 16
   * stored hashes, so proofs stay O(log n).
   */
  static final int STORED_LEVEL_STRIDE = 4;

  private final Frontier frontier;
  private final List<LinkStore.TreeNode> nodes = new ArrayList<>();

  public LogAppender(LinkStore.LogHead head) {
    this.frontier = Frontier.decode(head.size(), head.frontier());
  }

  /** Appends one entry and returns its leaf hash. */
  public byte[] append(byte[] entryBytes) {
    byte[] leaf = MerkleHash.leaf(entryBytes);
    frontier.append(
        leaf,
        (level, index, hash) -> {
          if (level > 0 && level % STORED_LEVEL_STRIDE == 0) {
            nodes.add(new LinkStore.TreeNode(level, index, hash));
          }
        });
    return leaf;
  }

  public long size() {
    return frontier.size();
  }

  public byte[] root() {
    return frontier.root();
  }

  public List<LinkStore.TreeNode> completedNodes() {
    return nodes;
  }

  public LinkStore.LogHead head(long receiptedSize) {
    return new LinkStore.LogHead(frontier.size(), frontier.encode(), receiptedSize);
  }
}
