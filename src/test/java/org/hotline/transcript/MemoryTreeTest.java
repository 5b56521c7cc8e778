package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MemoryTreeTest {

  @Test
  void root_equals_reference_root_for_every_size_up_to_300() {
    List<byte[]> leaves = TestTrees.leafHashes(300);
    MemoryTree tree = MemoryTree.empty();
    assertThat(tree.root()).isEqualTo(MerkleHash.emptyRoot());
    for (int size = 1; size <= 300; size++) {
      tree.append(leaves.get(size - 1));
      assertThat(tree.size()).isEqualTo(size);
      assertThat(tree.root())
          .as("size %d", size)
          .isEqualTo(MerkleHash.rootOf(leaves.subList(0, size)));
    }
  }

  @Test
  void every_complete_subtree_of_a_tree_past_several_storage_chunks_hashes_its_two_children() {
    int size = 10_007;
    List<byte[]> leaves = TestTrees.leafHashes(size);
    MemoryTree tree = MemoryTree.of(leaves);
    for (int level = 0; (size >> level) > 0; level++) {
      for (int index = 0; index < (size >> level); index++) {
        byte[] expected =
            level == 0
                ? leaves.get(index)
                : MerkleHash.node(
                    tree.node(level - 1, 2L * index), tree.node(level - 1, 2L * index + 1));
        assertThat(tree.node(level, index)).as("node (%d, %d)", level, index).isEqualTo(expected);
      }
    }
    assertThat(tree.node(13, 0)).isEqualTo(MerkleHash.rootOf(leaves.subList(0, 8192)));
  }

  static Stream<Arguments> nodesNotInATreeOf299() {
    return Stream.of(
        Arguments.of(Named.of("negative level", -1), 0L),
        Arguments.of(Named.of("negative index", 0), -1L),
        Arguments.of(Named.of("leaf past the end", 0), 299L),
        Arguments.of(Named.of("incomplete pair at the right edge", 1), 149L),
        Arguments.of(Named.of("level above the largest complete subtree", 9), 0L),
        Arguments.of(Named.of("level past any tree", 64), 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodesNotInATreeOf299")
  void nodes_that_are_not_complete_subtrees_are_refused(int level, long index) {
    MemoryTree tree = TestTrees.tree(299);
    assertThatThrownBy(() -> tree.node(level, index))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Node ("
                + level
                + ", "
                + index
                + ") is not a complete subtree of a tree of 299 leaves.");
  }

  @Test
  void the_largest_complete_subtree_of_299_leaves_is_the_first_256() {
    MemoryTree tree = TestTrees.tree(299);
    assertThat(tree.node(8, 0)).isEqualTo(MerkleHash.rootOf(TestTrees.leafHashes(256)));
    assertThat(tree.node(1, 148))
        .isEqualTo(MerkleHash.rootOf(TestTrees.leafHashes(298).subList(296, 298)));
  }

  @Test
  void nodes_are_copies_the_caller_may_change() {
    MemoryTree tree = TestTrees.tree(2);
    tree.node(0, 1)[0] ^= 1;
    tree.node(1, 0)[0] ^= 1;
    assertThat(tree.node(0, 1)).isEqualTo(TestTrees.leafHash(1));
    assertThat(tree.node(1, 0)).isEqualTo(tree.root());
  }

  @Test
  void append_refuses_a_leaf_hash_that_is_not_32_bytes_and_keeps_its_size() {
    MemoryTree tree = TestTrees.tree(3);
    assertThatThrownBy(() -> tree.append(new byte[31]))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Leaf hash is 31 bytes, not 32.");
    assertThat(tree.size()).isEqualTo(3);
    assertThatThrownBy(() -> tree.node(0, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_tree_describes_itself_by_its_size() {
    assertThat(MemoryTree.of(TestTrees.leafHashes(3))).hasToString("MemoryTree[size=3]");
  }
}
