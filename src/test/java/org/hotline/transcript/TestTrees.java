package org.hotline.transcript;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Trees and leaves shared by the tree tests. */
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
}
