package org.hotline.transcript;

/**
 * Where proof generation reads node hashes: any complete subtree {@code (level, index)} of an <a
 * href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1">RFC 9162 §2.1.1</a> tree, that is the
 * root of the perfect subtree over leaves {@code [index * 2^level, (index + 1) * 2^level)}, as
 * {@link Frontier.NodeSink} reports them; level 0 holds the leaf hashes.
 *
 * <p>{@link MerkleProofs} only asks for subtrees that are complete in the tree it was given, and
 * never modifies the arrays a source returns. A source asked for a subtree it does not hold should
 * throw: that is a broken store or a size beyond what was stored, not a bad proof.
 */
@FunctionalInterface
public interface NodeSource {

  /** The 32-byte hash of the complete subtree {@code (level, index)}. */
  byte[] node(int level, long index);

  /**
   * A source for a store that keeps only the leaf hashes and the complete subtrees at levels
   * divisible by {@code stride} (as the link's log store does, every 4th level): any other complete
   * node is rebuilt from the stored level just below it, reading at most {@code 2^(stride - 1)}
   * stored hashes and hashing one fewer. {@code stored} is only ever asked for levels divisible by
   * {@code stride}, level 0 included.
   *
   * <p>Thread-safe if {@code stored} is.
   *
   * @throws IllegalArgumentException if {@code stride} is not between 1 and 8 (at 8, one node
   *     already costs up to 128 reads)
   */
  static NodeSource strided(int stride, StoredNodes stored) {
    return new StridedNodeSource(stride, stored);
  }

  /** The complete subtrees a store keeps, read by {@link #strided}. */
  @FunctionalInterface
  interface StoredNodes {
    /** The 32-byte hash of the stored complete subtree {@code (level, index)}. */
    byte[] node(int level, long index);
  }
}
