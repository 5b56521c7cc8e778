package org.hotline.transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An <a href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1">RFC 9162</a> Merkle tree held
 * wholly in memory with every complete subtree hash, so that as a {@link NodeSource} it can serve
 * any proof about any of its prefixes. For rebuilding a tree from entries where there is no store,
 * as a verifier of an exported transcript does; a node serves proofs from storage instead.
 *
 * <p>Memory is about 64 bytes a leaf, its own hash and, amortized, one interior hash above it: 64
 * MB for a million leaves. Appending is O(1) amortized, O(log n) worst case; {@link #node} is O(1);
 * {@link #root()} is O(log n).
 *
 * <p>Not thread-safe: confine an instance to one thread, or stop appending before sharing it.
 */
public final class MemoryTree implements NodeSource {
  /**
   * Most leaves held: 2^27 leaves take 8 GiB, past what a verifier may assume it can allocate; a
   * larger log is checked against a store-backed {@link NodeSource} instead.
   */
  public static final long MAX_SIZE = 1L << 27;

  private final Frontier frontier = Frontier.empty();
  private final List<HashColumn> levels = new ArrayList<>();

  private MemoryTree() {}

  /** The empty tree. */
  public static MemoryTree empty() {
    return new MemoryTree();
  }

  /**
   * The tree of these leaf hashes, in order.
   *
   * @throws TranscriptFormatException if a leaf hash is not 32 bytes
   * @throws IllegalStateException if there are more than {@link #MAX_SIZE} leaf hashes
   */
  public static MemoryTree of(List<byte[]> leafHashes) {
    MemoryTree tree = new MemoryTree();
    for (byte[] leafHash : leafHashes) {
      tree.append(leafHash);
    }
    return tree;
  }

  /**
   * Appends one leaf hash (already {@link MerkleHash#leaf hashed}).
   *
   * @throws TranscriptFormatException if {@code leafHash} is not 32 bytes
   * @throws IllegalStateException if the tree already holds {@link #MAX_SIZE} leaves
   */
  public void append(byte[] leafHash) {
    if (frontier.size() == MAX_SIZE) {
      throw new IllegalStateException("Memory tree is full at " + MAX_SIZE + " leaves.");
    }
    frontier.append(
        leafHash,
        (level, index, hash) -> {
          if (level == levels.size()) {
            levels.add(new HashColumn());
          }
          levels.get(level).add(hash);
        });
  }

  public long size() {
    return frontier.size();
  }

  /** The root of the whole tree; {@link MerkleHash#emptyRoot()} when empty. */
  public byte[] root() {
    return frontier.root();
  }

  /**
   * {@inheritDoc}
   *
   * @return a fresh copy
   * @throws IllegalArgumentException if the tree holds no such complete subtree
   */
  @Override
  public byte[] node(int level, long index) {
    if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
      throw new IllegalArgumentException(
          "Node ("
              + level
              + ", "
              + index
              + ") is not a complete subtree of a tree of "
              + size()
              + " leaves.");
    }
    return levels.get(level).get((int) index);
  }

  @Override
  public String toString() {
    return "MemoryTree[size=" + size() + "]";
  }

  /**
   * The hashes of one level, packed into chunks so that no array grows past {@link #CHUNK_BYTES}
   * and a column of a few hashes stays small.
   */
  private static final class HashColumn {
    /** 128 KiB: growing a chunk never copies more than this, and no array is ever huge. */
    private static final int CHUNK_BYTES = 4096 * MerkleHash.HASH_SIZE;

    private static final int FIRST_CHUNK_BYTES = 4 * MerkleHash.HASH_SIZE;

    private final List<byte[]> chunks = new ArrayList<>();
    private int size;

    int size() {
      return size;
    }

    void add(byte[] hash) {
      int offset = (int) ((long) size * MerkleHash.HASH_SIZE % CHUNK_BYTES);
      if (offset == 0) {
        chunks.add(new byte[FIRST_CHUNK_BYTES]);
      }
      int last = chunks.size() - 1;
      byte[] chunk = chunks.get(last);
      if (offset == chunk.length) {
        chunk = Arrays.copyOf(chunk, Math.min(2 * chunk.length, CHUNK_BYTES));
        chunks.set(last, chunk);
      }
      System.arraycopy(hash, 0, chunk, offset, MerkleHash.HASH_SIZE);
      size++;
    }

    byte[] get(int index) {
      long start = (long) index * MerkleHash.HASH_SIZE;
      int offset = (int) (start % CHUNK_BYTES);
      byte[] chunk = chunks.get((int) (start / CHUNK_BYTES));
      return Arrays.copyOfRange(chunk, offset, offset + MerkleHash.HASH_SIZE);
    }
  }
}
