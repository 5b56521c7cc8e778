package org.hotline.transcript;

import java.util.Objects;

/**
 * The {@link NodeSource#strided} source: stored levels are read as they are, every other complete
 * node is folded up from the nearest stored level below it. Stateless beyond its two fields;
 * thread-safe if the stored nodes are.
 */
final class StridedNodeSource implements NodeSource {
  /**
   * Widest stride accepted: rebuilding a node then reads up to 128 stored hashes, past which a
   * proof's dozens of nodes cost more in reads than storing more levels would cost in rows.
   */
  static final int STRIDE_MAX = 8;

  private final int stride;
  private final StoredNodes stored;

  StridedNodeSource(int stride, StoredNodes stored) {
    if (stride < 1 || stride > STRIDE_MAX) {
      throw new IllegalArgumentException(
          "Stride " + stride + " is not between 1 and " + STRIDE_MAX + ".");
    }
    this.stride = stride;
    this.stored = Objects.requireNonNull(stored, "stored");
  }

  @Override
  public byte[] node(int level, long index) {
    if (level < 0 || level >= Long.SIZE - 1 || index < 0 || index >= (Long.MAX_VALUE >>> level)) {
      throw new IllegalArgumentException(
          "Node ("
              + level
              + ", "
              + index
              + ") is not a subtree of a tree of at most "
              + Long.MAX_VALUE
              + " leaves.");
    }
    int height = level % stride;
    int storedLevel = level - height;
    if (height == 0) {
      return read(storedLevel, index);
    }
    int width = 1 << height;
    long first = index << height;
    byte[][] hashes = new byte[width][];
    for (int i = 0; i < width; i++) {
      hashes[i] = read(storedLevel, first + i);
    }
    for (; width > 1; width /= 2) {
      for (int i = 0; i < width / 2; i++) {
        hashes[i] = MerkleHash.node(hashes[2 * i], hashes[2 * i + 1]);
      }
    }
    return hashes[0];
  }

  private byte[] read(int level, long index) {
    return MerkleHash.requireHash(
        "Stored node (" + level + ", " + index + ")", stored.node(level, index));
  }

  @Override
  public String toString() {
    return "StridedNodeSource[stride=" + stride + "]";
  }
}
