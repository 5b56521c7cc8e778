package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.Vectors.LEAF_INPUTS;
import static org.hotline.transcript.Vectors.NODE_HASHES;
import static org.hotline.transcript.Vectors.ROOT_HASHES;
import static org.hotline.transcript.Vectors.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MerkleHashTest {

  static List<byte[]> classicLeafHashes() {
    List<byte[]> hashes = new ArrayList<>();
    for (byte[] input : LEAF_INPUTS) {
      hashes.add(MerkleHash.leaf(input));
    }
    return hashes;
  }

  @Test
  void empty_root_is_sha256_of_the_empty_string() {
    assertThat(hex(MerkleHash.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void leaf_hashes_of_classic_inputs_match_rfc6962_vectors() {
    for (int i = 0; i < LEAF_INPUTS.size(); i++) {
      assertThat(hex(MerkleHash.leaf(LEAF_INPUTS.get(i))))
          .as("leaf %d", i)
          .isEqualTo(NODE_HASHES.get(0).get(i));
    }
  }

  @Test
  void node_hash_of_first_two_classic_leaves_matches_rfc6962_vector() {
    byte[] left = hex(NODE_HASHES.get(0).get(0));
    byte[] right = hex(NODE_HASHES.get(0).get(1));
    assertThat(hex(MerkleHash.node(left, right))).isEqualTo(NODE_HASHES.get(1).get(0));
  }

  static Stream<Integer> treeSizes() {
    return IntStream.rangeClosed(0, 8).boxed();
  }

  @ParameterizedTest(name = "{0} leaves")
  @MethodSource("treeSizes")
  void root_of_first_n_classic_leaves_matches_rfc6962_vector(int n) {
    assertThat(hex(MerkleHash.rootOf(classicLeafHashes().subList(0, n))))
        .isEqualTo(ROOT_HASHES.get(n));
  }

  @Test
  void root_of_eight_leaf_tree_matches_rfc6962_vector() {
    assertThat(hex(MerkleHash.rootOf(classicLeafHashes())))
        .isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  }

  @Test
  void leaf_and_node_hashes_of_the_same_bytes_differ() {
    byte[] half = new byte[32];
    byte[] both = new byte[64];
    assertThat(MerkleHash.leaf(both)).isNotEqualTo(MerkleHash.node(half, half));
  }

  static Stream<Arguments> badChildren() {
    return Stream.of(
        Arguments.of(Named.of("short left", new byte[31]), new byte[32], "Left child hash is 31"),
        Arguments.of(Named.of("long left", new byte[33]), new byte[32], "Left child hash is 33"),
        Arguments.of(Named.of("empty right", new byte[32]), new byte[0], "Right child hash is 0"),
        Arguments.of(Named.of("long right", new byte[32]), new byte[64], "Right child hash is 64"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badChildren")
  void node_rejects_children_that_are_not_32_bytes(byte[] left, byte[] right, String message) {
    assertThatThrownBy(() -> MerkleHash.node(left, right))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void root_of_rejects_a_leaf_hash_that_is_not_32_bytes() {
    List<byte[]> leaves = new ArrayList<>(classicLeafHashes());
    leaves.set(5, new byte[20]);
    assertThatThrownBy(() -> MerkleHash.rootOf(leaves))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Leaf hash 5 is 20 bytes, not 32.");
  }

  @Test
  void root_of_does_not_hand_out_the_callers_array() {
    byte[] leaf = MerkleHash.leaf(new byte[0]);
    byte[] root = MerkleHash.rootOf(List.of(leaf));
    root[0] ^= 1;
    assertThat(leaf).isEqualTo(MerkleHash.leaf(new byte[0]));
  }
}
