package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.TestTrees.ceilLog2;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RangeRootTest {
  private static final List<byte[]> LEAVES = TestTrees.leafHashes(300);
  private static final MemoryTree TREE = MemoryTree.of(LEAVES);

  @Test
  void every_prefix_of_a_300_leaf_tree_has_the_reference_root() {
    for (int size = 0; size <= 300; size++) {
      assertThat(MerkleProofs.rangeRoot(0, size, TREE))
          .as("size %d", size)
          .isEqualTo(MerkleHash.rootOf(LEAVES.subList(0, size)));
    }
  }

  @Test
  void every_aligned_range_within_130_leaves_has_the_reference_root_from_few_reads() {
    for (int begin = 0; begin <= 130; begin++) {
      for (int end = begin; end <= 130; end++) {
        int width = end - begin;
        if (width > 1 && begin % Integer.highestOneBit(width - 1) != 0) {
          continue;
        }
        TestTrees.CountingSource counting = new TestTrees.CountingSource(TREE);
        assertThat(MerkleProofs.rangeRoot(begin, end, counting))
            .as("[%d, %d)", begin, end)
            .isEqualTo(MerkleHash.rootOf(LEAVES.subList(begin, end)));
        assertThat(counting.reads())
            .as("[%d, %d)", begin, end)
            .isLessThanOrEqualTo(1 + ceilLog2(width));
      }
    }
  }

  static Stream<Arguments> rangesRefused() {
    return Stream.of(
        Arguments.of(
            Named.of("negative begin", -1L), 3L, "Leaf range [-1, 3) is not a range of leaves."),
        Arguments.of(
            Named.of("end before begin", 5L), 4L, "Leaf range [5, 4) is not a range of leaves."),
        Arguments.of(
            Named.of("three leaves from an odd leaf", 1L),
            4L,
            "Leaf range [1, 4) does not start at a multiple of 2."),
        Arguments.of(
            Named.of("five leaves from leaf 2", 2L),
            7L,
            "Leaf range [2, 7) does not start at a multiple of 4."),
        Arguments.of(
            Named.of("four leaves from an odd leaf", 1L),
            5L,
            "Leaf range [1, 5) does not start at a multiple of 2."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rangesRefused")
  void ranges_that_are_not_ranges_or_not_aligned_are_refused(long begin, long end, String message) {
    assertThatThrownBy(() -> MerkleProofs.rangeRoot(begin, end, TREE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
