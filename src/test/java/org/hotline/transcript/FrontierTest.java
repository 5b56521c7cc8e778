package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.Vectors.COMPACT_TREES;
import static org.hotline.transcript.Vectors.NODE_HASHES;
import static org.hotline.transcript.Vectors.hex;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrontierTest {
  private record Node(int level, long index, String hash) {}

  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      leaves.add(MerkleHash.leaf(("entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return leaves;
  }

  private static List<Node> appendAll(Frontier frontier, List<byte[]> leafHashes) {
    List<Node> told = new ArrayList<>();
    for (byte[] leaf : leafHashes) {
      frontier.append(leaf, (level, index, hash) -> told.add(new Node(level, index, hex(hash))));
    }
    return told;
  }

  @Test
  void root_equals_reference_root_for_every_size_up_to_300() {
    List<byte[]> leaves = leaves(300);
    Frontier frontier = Frontier.empty();
    assertThat(frontier.root()).isEqualTo(MerkleHash.emptyRoot());
    for (int n = 1; n <= 300; n++) {
      frontier.append(leaves.get(n - 1), Frontier.NodeSink.NONE);
      assertThat(frontier.size()).isEqualTo(n);
      assertThat(frontier.root())
          .as("size %d", n)
          .isEqualTo(MerkleHash.rootOf(leaves.subList(0, n)));
    }
  }

  @Test
  void root_equals_reference_root_for_random_sizes() {
    Random random = new Random(6962);
    List<byte[]> leaves = leaves(20_000);
    for (int trial = 0; trial < 8; trial++) {
      int n = 301 + random.nextInt(leaves.size() - 301);
      Frontier frontier = Frontier.empty();
      appendAll(frontier, leaves.subList(0, n));
      assertThat(frontier.root())
          .as("size %d", n)
          .isEqualTo(MerkleHash.rootOf(leaves.subList(0, n)));
    }
  }

  @Test
  void encoding_lists_the_published_compact_tree_nodes_largest_first() {
    List<byte[]> classic = MerkleHashTest.classicLeafHashes();
    for (int n = 0; n <= 8; n++) {
      Frontier frontier = Frontier.empty();
      appendAll(frontier, classic.subList(0, n));
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (int[] node : COMPACT_TREES.get(n)) {
        expected.writeBytes(hex(NODE_HASHES.get(node[0]).get(node[1])));
      }
      assertThat(hex(frontier.encode())).as("size %d", n).isEqualTo(hex(expected.toByteArray()));
    }
  }

  @Test
  void decoding_an_encoding_gives_a_frontier_that_grows_like_the_original() {
    List<byte[]> leaves = leaves(300);
    Frontier original = Frontier.empty();
    for (int n = 0; n < 300; n++) {
      Frontier decoded = Frontier.decode(original.size(), original.encode());
      assertThat(decoded.size()).isEqualTo(n);
      assertThat(decoded.root()).isEqualTo(original.root());
      decoded.append(leaves.get(n), Frontier.NodeSink.NONE);
      original.append(leaves.get(n), Frontier.NodeSink.NONE);
      assertThat(decoded.encode()).as("size %d", n + 1).isEqualTo(original.encode());
    }
  }

  static Stream<Arguments> badEncodings() {
    return Stream.of(
        Arguments.of(Named.of("negative size", -1L), new byte[0], "Frontier size -1 is negative."),
        Arguments.of(
            Named.of("bytes for an empty tree", 0L),
            new byte[32],
            "Frontier of size 0 needs 0 bytes of subtree roots, not 32."),
        Arguments.of(
            Named.of("one root missing", 3L),
            new byte[32],
            "Frontier of size 3 needs 64 bytes of subtree roots, not 32."),
        Arguments.of(
            Named.of("one byte short", 8L),
            new byte[31],
            "Frontier of size 8 needs 32 bytes of subtree roots, not 31."),
        Arguments.of(
            Named.of("one root too many", 4L),
            new byte[64],
            "Frontier of size 4 needs 32 bytes of subtree roots, not 64."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEncodings")
  void decode_rejects_encodings_that_do_not_fit_the_size(
      long size, byte[] encoded, String message) {
    assertThatThrownBy(() -> Frontier.decode(size, encoded))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage(message);
  }

  @Test
  void decode_accepts_the_largest_size() {
    Frontier frontier = Frontier.decode(Long.MAX_VALUE, new byte[63 * 32]);
    assertThat(frontier.encode()).hasSize(63 * 32);
    assertThatThrownBy(() -> frontier.append(new byte[32], Frontier.NodeSink.NONE))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sink_after_four_leaves_has_been_told_exactly_these_nodes_in_order() {
    List<byte[]> classic = MerkleHashTest.classicLeafHashes();
    List<Node> told = appendAll(Frontier.empty(), classic.subList(0, 4));
    assertThat(told)
        .extracting(node -> node.level() + "," + node.index())
        .containsExactly("0,0", "0,1", "1,0", "0,2", "0,3", "1,1", "2,0");
  }

  @Test
  void sink_after_eight_leaves_has_been_told_every_published_node_hash() {
    List<Node> told = appendAll(Frontier.empty(), MerkleHashTest.classicLeafHashes());
    List<Node> published = new ArrayList<>();
    for (int level = 0; level < NODE_HASHES.size(); level++) {
      for (int index = 0; index < NODE_HASHES.get(level).size(); index++) {
        published.add(new Node(level, index, NODE_HASHES.get(level).get(index)));
      }
    }
    assertThat(told).containsExactlyInAnyOrderElementsOf(published);
  }

  @Test
  void sink_reports_each_complete_subtree_of_a_300_leaf_tree_once_with_its_reference_root() {
    List<byte[]> leaves = leaves(300);
    List<Node> told = appendAll(Frontier.empty(), leaves);
    long expectedCount = 0;
    for (int level = 0; (300 >> level) > 0; level++) {
      expectedCount += 300 >> level;
    }
    assertThat(told).hasSize((int) expectedCount).doesNotHaveDuplicates();
    for (Node node : told) {
      int from = (int) (node.index() << node.level());
      int to = (int) ((node.index() + 1) << node.level());
      assertThat(node.hash())
          .as("node %s", node)
          .isEqualTo(hex(MerkleHash.rootOf(leaves.subList(from, to))));
    }
  }

  @Test
  void sink_may_keep_and_change_the_arrays_it_is_given() {
    List<byte[]> leaves = leaves(4);
    Frontier frontier = Frontier.empty();
    for (byte[] leaf : leaves) {
      frontier.append(leaf, (level, index, hash) -> hash[0] ^= 1);
    }
    assertThat(frontier.root()).isEqualTo(MerkleHash.rootOf(leaves));
  }

  @Test
  void copy_grows_independently_of_the_original() {
    List<byte[]> leaves = leaves(5);
    Frontier original = Frontier.empty();
    appendAll(original, leaves.subList(0, 3));
    Frontier copy = original.copy();
    appendAll(copy, leaves.subList(3, 5));
    assertThat(original.size()).isEqualTo(3);
    assertThat(original.root()).isEqualTo(MerkleHash.rootOf(leaves.subList(0, 3)));
    assertThat(copy.root()).isEqualTo(MerkleHash.rootOf(leaves));
  }

  @Test
  void append_rejects_a_leaf_hash_that_is_not_32_bytes() {
    Frontier frontier = Frontier.empty();
    assertThatThrownBy(() -> frontier.append(new byte[31], Frontier.NodeSink.NONE))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Leaf hash is 31 bytes, not 32.");
    assertThat(frontier.size()).isZero();
  }

  @Test
  void a_frontier_describes_itself_by_its_size() {
    Frontier frontier = Frontier.empty();
    frontier.append(MerkleHash.leaf(new byte[0]), Frontier.NodeSink.NONE);
    assertThat(frontier).hasToString("Frontier[size=1]");
  }
}
