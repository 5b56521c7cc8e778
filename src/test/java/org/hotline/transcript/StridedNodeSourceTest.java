package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.TestTrees.hexes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StridedNodeSourceTest {
  private static final int SIZE = 5_000;
  private static final MemoryTree TREE = TestTrees.tree(SIZE);

  /** The store of a log: leaves and every level divisible by the stride, nothing else. */
  private static final class Store implements NodeSource.StoredNodes {
    private final int stride;
    private final List<String> reads = new ArrayList<>();

    Store(int stride) {
      this.stride = stride;
    }

    @Override
    public byte[] node(int level, long index) {
      if (level % stride != 0) {
        throw new AssertionError("level " + level + " is not stored at stride " + stride);
      }
      reads.add(level + "," + index);
      return TREE.node(level, index);
    }
  }

  @ParameterizedTest(name = "stride {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 8})
  void every_complete_node_of_a_5000_leaf_tree_is_rebuilt_from_the_stored_levels_below_it(
      int stride) {
    Store store = new Store(stride);
    NodeSource source = NodeSource.strided(stride, store);
    for (int level = 0; (SIZE >> level) > 0; level++) {
      for (long index = 0; index < (SIZE >> level); index++) {
        store.reads.clear();
        assertThat(source.node(level, index))
            .as("node (%d, %d)", level, index)
            .isEqualTo(TREE.node(level, index));
        assertThat(store.reads).as("node (%d, %d)", level, index).hasSize(1 << (level % stride));
      }
    }
  }

  @Test
  void proofs_from_the_stride_4_store_equal_proofs_from_the_full_tree() {
    NodeSource source = NodeSource.strided(4, new Store(4));
    Random random = new Random(4);
    for (int draw = 0; draw < 300; draw++) {
      long size = 1 + random.nextInt(SIZE);
      long index = random.nextLong(size);
      long oldSize = random.nextLong(size + 1);
      assertThat(hexes(MerkleProofs.inclusionProof(index, size, source)))
          .isEqualTo(hexes(MerkleProofs.inclusionProof(index, size, TREE)));
      assertThat(hexes(MerkleProofs.consistencyProof(oldSize, size, source)))
          .isEqualTo(hexes(MerkleProofs.consistencyProof(oldSize, size, TREE)));
    }
  }

  @Test
  void strides_outside_1_to_8_are_refused() {
    assertThatThrownBy(() -> NodeSource.strided(0, new Store(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Stride 0 is not between 1 and 8.");
    assertThatThrownBy(() -> NodeSource.strided(9, new Store(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Stride 9 is not between 1 and 8.");
  }

  @Test
  void nodes_outside_any_tree_are_refused_before_reading_the_store() {
    NodeSource source =
        NodeSource.strided(
            4,
            (level, index) -> {
              throw new AssertionError("read " + level + "," + index);
            });
    assertThatThrownBy(() -> source.node(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> source.node(63, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> source.node(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> source.node(3, Long.MAX_VALUE >>> 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Node (3, 1152921504606846975) is not a subtree of a tree of at most "
                + Long.MAX_VALUE
                + " leaves.");
  }

  @Test
  void a_stored_hash_that_is_not_32_bytes_is_refused() {
    NodeSource source = NodeSource.strided(4, (level, index) -> new byte[16]);
    assertThatThrownBy(() -> source.node(2, 1))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Stored node (0, 4) is 16 bytes, not 32.");
  }

  @Test
  void the_last_node_of_the_largest_tree_is_read_at_every_level_and_the_next_is_refused() {
    byte[] hash = new byte[MerkleHash.HASH_SIZE];
    NodeSource source = NodeSource.strided(4, (level, index) -> hash);
    for (int level = 0; level < Long.SIZE - 1; level++) {
      long last = (Long.MAX_VALUE >>> level) - 1;
      int at = level;
      assertThat(source.node(level, last)).as("level %d", level).hasSize(MerkleHash.HASH_SIZE);
      assertThatThrownBy(() -> source.node(at, last + 1))
          .as("level %d", level)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(source.node(62, 0)).hasSize(MerkleHash.HASH_SIZE);
    assertThat(source).hasToString("StridedNodeSource[stride=4]");
  }
}
