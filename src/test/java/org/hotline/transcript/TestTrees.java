package org.hotline.transcript;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/** Trees, leaves and proof edits shared by the proof tests. */
final class TestTrees {
  private TestTrees() {}

  static byte[] leafHash(long index) {
    return MerkleHash.leaf(("entry " + index).getBytes(StandardCharsets.UTF_8));
  }

  static List<byte[]> leafHashes(int count) {
    List<byte[]> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      leaves.add(leafHash(i));
    }
    return leaves;
  }

  static MemoryTree tree(int size) {
    return MemoryTree.of(leafHashes(size));
  }

  static List<String> hexes(List<byte[]> hashes) {
    return hashes.stream().map(HexFormat.of()::formatHex).toList();
  }

  static List<byte[]> unhex(List<String> hashes) {
    return hashes.stream().map(HexFormat.of()::parseHex).toList();
  }

  static byte[] withBitFlipped(byte[] hash, int bit) {
    byte[] flipped = hash.clone();
    flipped[bit / 8] ^= (byte) (1 << (bit % 8));
    return flipped;
  }

  static List<byte[]> withBitFlipped(List<byte[]> proof, int element, int bit) {
    List<byte[]> flipped = new ArrayList<>(proof);
    flipped.set(element, withBitFlipped(proof.get(element), bit));
    return flipped;
  }

  static List<byte[]> append(List<byte[]> proof, byte[] hash) {
    List<byte[]> longer = new ArrayList<>(proof);
    longer.add(hash);
    return longer;
  }

  static List<byte[]> prepend(byte[] hash, List<byte[]> proof) {
    List<byte[]> longer = new ArrayList<>();
    longer.add(hash);
    longer.addAll(proof);
    return longer;
  }

  static int ceilLog2(long n) {
    return n <= 1 ? 0 : Long.SIZE - Long.numberOfLeadingZeros(n - 1);
  }

  /** Passes reads through to a source and counts them. */
  static final class CountingSource implements NodeSource {
    private final NodeSource source;
    private int reads;

    CountingSource(NodeSource source) {
      this.source = source;
    }

    @Override
    public byte[] node(int level, long index) {
      reads++;
      return source.node(level, index);
    }

    int reads() {
      return reads;
    }
  }

  /**
   * A tree of a million leaves, built once for all tests, with its roots at {@link #SIZES}: sizes
   * drawn at random above 2,000, the powers of two around the middle, and the full size. The roots
   * are taken from the tree's frontier as it grows, so they do not depend on proof code.
   */
  static final class Million {
    static final int SIZE = 1_000_000;
    static final MemoryTree TREE = MemoryTree.empty();
    static final List<Long> SIZES;
    static final Map<Long, byte[]> ROOTS = new HashMap<>();

    static {
      Random random = new Random(9162);
      TreeSet<Long> sizes =
          new TreeSet<>(
              List.of((1L << 19) - 1, 1L << 19, (1L << 19) + 1, (long) SIZE - 1, (long) SIZE));
      while (sizes.size() < 100) {
        sizes.add(2_001L + random.nextInt(SIZE - 2_001));
      }
      SIZES = List.copyOf(sizes);
      for (long i = 0; i < SIZE; i++) {
        TREE.append(leafHash(i));
        if (sizes.contains(i + 1)) {
          ROOTS.put(i + 1, TREE.root());
        }
      }
    }

    private Million() {}
  }
}
