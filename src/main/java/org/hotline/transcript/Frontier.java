package org.hotline.transcript;

import java.util.Arrays;
import java.util.Objects;

/**
 * The right edge of an <a href="https://www.rfc-editor.org/rfc/rfc6962#section-2.1">RFC 6962</a>
 * Merkle tree of {@link #size()} leaves: the roots of the perfect subtrees the tree decomposes
 * into, one per set bit of the size (so at most 63, as sizes are non-negative longs). This is
 * enough to append leaves and to compute the root without the leaves themselves.
 *
 * <p>Node {@code (level, index)} is the root of the perfect subtree over leaves {@code [index *
 * 2^level, (index + 1) * 2^level)}; level 0 holds the leaf hashes. Appending is O(1) amortized and
 * O(log n) worst case; {@link #root()} is O(log n).
 *
 * <p>Not thread-safe: confine an instance to one thread or guard it externally; {@link #copy()}
 * gives an independent instance.
 */
public final class Frontier {
  /** Largest size tracked: tree sizes are Java longs throughout, as {@link Checkpoint#size()}. */
  private static final long MAX_SIZE = Long.MAX_VALUE;

  private final byte[][] subtreeRoots = new byte[Long.SIZE][];
  private long size;

  private Frontier() {}

  /** The frontier of the empty tree. */
  public static Frontier empty() {
    return new Frontier();
  }

  /**
   * Rebuilds a frontier from {@link #encode()} output.
   *
   * @throws TranscriptFormatException if {@code size} is negative or {@code encoded} is not exactly
   *     {@code bitCount(size) * 32} bytes
   */
  public static Frontier decode(long size, byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (size < 0) {
      throw new TranscriptFormatException("Frontier size " + size + " is negative.");
    }
    int expected = Long.bitCount(size) * MerkleHash.HASH_SIZE;
    if (encoded.length != expected) {
      throw new TranscriptFormatException(
          "Frontier of size "
              + size
              + " needs "
              + expected
              + " bytes of subtree roots, not "
              + encoded.length
              + ".");
    }
    Frontier frontier = new Frontier();
    frontier.size = size;
    int offset = 0;
    for (int level = Long.SIZE - 1; level >= 0; level--) {
      if ((size & (1L << level)) != 0) {
        frontier.subtreeRoots[level] =
            Arrays.copyOfRange(encoded, offset, offset + MerkleHash.HASH_SIZE);
        offset += MerkleHash.HASH_SIZE;
      }
    }
    return frontier;
  }

  /** The subtree roots concatenated, largest (leftmost) subtree first; empty for size 0. */
  public byte[] encode() {
    byte[] out = new byte[Long.bitCount(size) * MerkleHash.HASH_SIZE];
    int offset = 0;
    for (int level = Long.SIZE - 1; level >= 0; level--) {
      if (subtreeRoots[level] != null) {
        System.arraycopy(subtreeRoots[level], 0, out, offset, MerkleHash.HASH_SIZE);
        offset += MerkleHash.HASH_SIZE;
      }
    }
    return out;
  }

  public long size() {
    return size;
  }

  public Frontier copy() {
    Frontier copy = new Frontier();
    copy.size = size;
    System.arraycopy(subtreeRoots, 0, copy.subtreeRoots, 0, subtreeRoots.length);
    return copy;
  }

  /**
   * Appends one leaf hash (already {@link MerkleHash#leaf hashed}) and tells {@code sink}, bottom
   * up, about every perfect subtree this append completes: always the leaf itself at level 0, then
   * one node per level that closes. Each reported array is a fresh copy the sink may keep.
   *
   * @throws TranscriptFormatException if {@code leafHash} is not 32 bytes
   * @throws IllegalStateException if the frontier already holds {@link Long#MAX_VALUE} leaves
   */
  public void append(byte[] leafHash, NodeSink sink) {
    MerkleHash.requireHash("Leaf hash", leafHash);
    Objects.requireNonNull(sink, "sink");
    if (size == MAX_SIZE) {
      throw new IllegalStateException("Frontier is full at " + MAX_SIZE + " leaves.");
    }
    byte[] hash = leafHash.clone();
    int level = 0;
    sink.completed(level, size, hash.clone());
    while (subtreeRoots[level] != null) {
      hash = MerkleHash.node(subtreeRoots[level], hash);
      subtreeRoots[level] = null;
      level++;
      sink.completed(level, size >>> level, hash.clone());
    }
    subtreeRoots[level] = hash;
    size++;
  }

  /** The RFC 6962 root of the tree; {@link MerkleHash#emptyRoot()} for size 0. */
  public byte[] root() {
    if (size == 0) {
      return MerkleHash.emptyRoot();
    }
    int lowest = Long.numberOfTrailingZeros(size);
    byte[] hash = subtreeRoots[lowest].clone();
    for (int level = lowest + 1; level < Long.SIZE; level++) {
      if (subtreeRoots[level] != null) {
        hash = MerkleHash.node(subtreeRoots[level], hash);
      }
    }
    return hash;
  }

  @Override
  public String toString() {
    return "Frontier[size=" + size + "]";
  }

  /** Receives the perfect subtrees completed by {@link #append}. */
  @FunctionalInterface
  public interface NodeSink {
    NodeSink NONE = (level, index, hash) -> {};

    void completed(int level, long index, byte[] hash);
  }
}
