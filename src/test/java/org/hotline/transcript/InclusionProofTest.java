package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.TestTrees.append;
import static org.hotline.transcript.TestTrees.ceilLog2;
import static org.hotline.transcript.TestTrees.hexes;
import static org.hotline.transcript.TestTrees.prepend;
import static org.hotline.transcript.TestTrees.unhex;
import static org.hotline.transcript.TestTrees.withBitFlipped;
import static org.hotline.transcript.Vectors.INCLUSION_PROOFS;
import static org.hotline.transcript.Vectors.NODE_HASHES;
import static org.hotline.transcript.Vectors.ROOT_HASHES;
import static org.hotline.transcript.Vectors.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InclusionProofTest {
  private static final List<byte[]> LEAVES = TestTrees.leafHashes(2_000);
  private static final MemoryTree TREE = MemoryTree.of(LEAVES);
  private static final ReferenceProofs REFERENCE = new ReferenceProofs(LEAVES);

  private static byte[] root(int size) {
    return REFERENCE.mth(0, size);
  }

  private static void assertVerifies(long index, long size, MemoryTree tree, byte[] root) {
    List<byte[]> proof = MerkleProofs.inclusionProof(index, size, tree);
    assertThat(MerkleProofs.verifyInclusion(index, size, tree.node(0, index), proof, root))
        .as("leaf %d of %d", index, size)
        .isTrue();
  }

  @Test
  void published_proofs_over_the_classic_leaves_are_generated_and_verify() {
    MemoryTree classic = MemoryTree.of(MerkleHashTest.classicLeafHashes());
    for (Vectors.InclusionVector vector : INCLUSION_PROOFS) {
      List<byte[]> proof = MerkleProofs.inclusionProof(vector.index(), vector.size(), classic);
      assertThat(hexes(proof)).as("%s", vector).isEqualTo(vector.proof());
      byte[] leaf = hex(NODE_HASHES.get(0).get((int) vector.index()));
      byte[] root = hex(ROOT_HASHES.get((int) vector.size()));
      assertThat(
              MerkleProofs.verifyInclusion(
                  vector.index(), vector.size(), leaf, unhex(vector.proof()), root))
          .as("%s", vector)
          .isTrue();
    }
  }

  @Test
  void audit_paths_in_the_rfc_seven_leaf_example_are_the_nodes_it_names() {
    // RFC 9162 §2.1.5 (RFC 6962 §2.1.3): leaves a..f and j = d6; g, h, i and k, l above them.
    MemoryTree seven = TestTrees.tree(7);
    byte[] b = seven.node(0, 1);
    byte[] c = seven.node(0, 2);
    byte[] f = seven.node(0, 5);
    byte[] j = seven.node(0, 6);
    byte[] g = seven.node(1, 0);
    byte[] h = seven.node(1, 1);
    byte[] i = seven.node(1, 2);
    byte[] k = seven.node(2, 0);
    byte[] l = MerkleHash.node(i, j);
    assertThat(hexes(MerkleProofs.inclusionProof(0, 7, seven))).isEqualTo(hexes(List.of(b, h, l)));
    assertThat(hexes(MerkleProofs.inclusionProof(3, 7, seven))).isEqualTo(hexes(List.of(c, g, l)));
    assertThat(hexes(MerkleProofs.inclusionProof(4, 7, seven))).isEqualTo(hexes(List.of(f, j, k)));
    assertThat(hexes(MerkleProofs.inclusionProof(6, 7, seven))).isEqualTo(hexes(List.of(i, k)));
  }

  @Test
  void every_leaf_of_every_tree_up_to_300_leaves_has_the_rfc_audit_path_and_it_verifies() {
    for (int size = 1; size <= 300; size++) {
      byte[] root = root(size);
      for (int index = 0; index < size; index++) {
        List<byte[]> proof = MerkleProofs.inclusionProof(index, size, TREE);
        assertThat(hexes(proof))
            .as("leaf %d of %d", index, size)
            .isEqualTo(hexes(REFERENCE.path(index, size)));
        assertThat(MerkleProofs.verifyInclusion(index, size, LEAVES.get(index), proof, root))
            .as("leaf %d of %d", index, size)
            .isTrue();
      }
    }
  }

  @Test
  void first_last_middle_and_random_leaves_of_every_tree_up_to_2000_leaves_verify() {
    Random random = new Random(2000);
    for (int size = 301; size <= 2_000; size++) {
      byte[] root = root(size);
      TreeSet<Integer> indexes = new TreeSet<>(List.of(0, 1, size / 2, size - 2, size - 1));
      for (int draw = 0; draw < 4; draw++) {
        indexes.add(random.nextInt(size));
      }
      for (int index : indexes) {
        assertVerifies(index, size, TREE, root);
      }
    }
  }

  @Test
  void first_last_and_random_leaves_of_random_trees_up_to_a_million_leaves_verify() {
    Random random = new Random(1_000_000);
    for (long size : TestTrees.Million.SIZES) {
      byte[] root = TestTrees.Million.ROOTS.get(size);
      assertVerifies(0, size, TestTrees.Million.TREE, root);
      assertVerifies(size - 1, size, TestTrees.Million.TREE, root);
      for (int draw = 0; draw < 16; draw++) {
        assertVerifies(random.nextLong(size), size, TestTrees.Million.TREE, root);
      }
    }
  }

  @Test
  void generating_a_proof_reads_at_most_two_nodes_per_level_of_the_tree() {
    Random random = new Random(6962);
    for (long size : TestTrees.Million.SIZES) {
      for (int draw = 0; draw < 16; draw++) {
        long index = draw == 0 ? size - 1 : random.nextLong(size);
        TestTrees.CountingSource counting = new TestTrees.CountingSource(TestTrees.Million.TREE);
        List<byte[]> proof = MerkleProofs.inclusionProof(index, size, counting);
        assertThat(proof).hasSizeLessThanOrEqualTo(ceilLog2(size));
        assertThat(counting.reads())
            .as("leaf %d of %d", index, size)
            .isLessThanOrEqualTo(2 * ceilLog2(size));
      }
    }
  }

  @Test
  void flipping_any_bit_of_any_proof_hash_the_leaf_hash_or_the_root_fails_for_trees_up_to_16() {
    for (int size = 1; size <= 16; size++) {
      byte[] root = root(size);
      for (int index = 0; index < size; index++) {
        byte[] leaf = LEAVES.get(index);
        List<byte[]> proof = MerkleProofs.inclusionProof(index, size, TREE);
        for (int bit = 0; bit < 256; bit++) {
          for (int element = 0; element < proof.size(); element++) {
            assertThat(
                    MerkleProofs.verifyInclusion(
                        index, size, leaf, withBitFlipped(proof, element, bit), root))
                .as("leaf %d of %d, hash %d, bit %d", index, size, element, bit)
                .isFalse();
          }
          assertThat(
                  MerkleProofs.verifyInclusion(index, size, withBitFlipped(leaf, bit), proof, root))
              .isFalse();
          assertThat(
                  MerkleProofs.verifyInclusion(index, size, leaf, proof, withBitFlipped(root, bit)))
              .isFalse();
        }
      }
    }
  }

  @Test
  void flipping_one_bit_of_each_proof_hash_fails_for_every_leaf_of_trees_up_to_128() {
    for (int size = 2; size <= 128; size++) {
      byte[] root = root(size);
      for (int index = 0; index < size; index++) {
        List<byte[]> proof = MerkleProofs.inclusionProof(index, size, TREE);
        for (int element = 0; element < proof.size(); element++) {
          int bit = (index * 31 + element * 7 + size) % 256;
          assertThat(
                  MerkleProofs.verifyInclusion(
                      index, size, LEAVES.get(index), withBitFlipped(proof, element, bit), root))
              .as("leaf %d of %d, hash %d, bit %d", index, size, element, bit)
              .isFalse();
        }
      }
    }
  }

  @Test
  void a_proof_fails_for_the_leaf_before_or_after_and_for_the_trees_one_leaf_smaller_or_larger() {
    for (int size = 1; size <= 128; size++) {
      for (int index = 0; index < size; index++) {
        byte[] leaf = LEAVES.get(index);
        List<byte[]> proof = MerkleProofs.inclusionProof(index, size, TREE);
        for (int step : new int[] {-1, 1}) {
          assertThat(MerkleProofs.verifyInclusion(index + step, size, leaf, proof, root(size)))
              .as("leaf %d of %d claimed as leaf %d", index, size, index + step)
              .isFalse();
          assertThat(
                  MerkleProofs.verifyInclusion(index, size + step, leaf, proof, root(size + step)))
              .as("leaf %d of %d checked against the tree of %d", index, size, size + step)
              .isFalse();
        }
      }
    }
  }

  @Test
  void a_proof_does_not_bind_the_size_so_size_and_root_must_come_from_one_checkpoint() {
    // PATH(0, D[3]) = [b, c]: a verifier told "4 leaves" reads c as the node over leaves 2 and 3,
    // and folds the same root. Only a signature over (size, root) rules this out.
    List<byte[]> proof = MerkleProofs.inclusionProof(0, 3, TREE);
    assertThat(MerkleProofs.verifyInclusion(0, 3, LEAVES.get(0), proof, root(3))).isTrue();
    assertThat(MerkleProofs.verifyInclusion(0, 4, LEAVES.get(0), proof, root(3))).isTrue();
    assertThat(MerkleProofs.verifyInclusion(0, 4, LEAVES.get(0), proof, root(4))).isFalse();
  }

  static Stream<Arguments> alteredProofs() {
    List<byte[]> proof = MerkleProofs.inclusionProof(5, 13, TREE);
    List<byte[]> reversed = new ArrayList<>(proof);
    Collections.reverse(reversed);
    List<byte[]> withNull = new ArrayList<>(proof);
    withNull.set(1, null);
    List<byte[]> withShortHash = new ArrayList<>(proof);
    withShortHash.set(1, Arrays.copyOf(proof.get(1), 31));
    return Stream.of(
        Arguments.of(Named.of("last hash removed", proof.subList(0, proof.size() - 1))),
        Arguments.of(Named.of("the root appended", append(proof, root(13)))),
        Arguments.of(Named.of("the leaf prepended", prepend(LEAVES.get(5), proof))),
        Arguments.of(Named.of("no hashes", List.of())),
        Arguments.of(Named.of("hashes in reverse order", reversed)),
        Arguments.of(Named.of("a null hash", withNull)),
        Arguments.of(Named.of("a 31-byte hash", withShortHash)),
        Arguments.of(Named.of("no list at all", null)),
        Arguments.of(Named.of("65 hashes", Collections.nCopies(65, proof.get(0)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("alteredProofs")
  void an_altered_proof_fails_without_throwing(List<byte[]> altered) {
    assertThat(MerkleProofs.verifyInclusion(5, 13, LEAVES.get(5), altered, root(13))).isFalse();
  }

  static Stream<Arguments> malformedArguments() {
    byte[] leaf = LEAVES.get(0);
    byte[] root = root(1);
    return Stream.of(
        Arguments.of(Named.of("negative index", -1L), 1L, leaf, root),
        Arguments.of(Named.of("index equal to size", 1L), 1L, leaf, root),
        Arguments.of(Named.of("empty tree", 0L), 0L, leaf, MerkleHash.emptyRoot()),
        Arguments.of(Named.of("negative size", 0L), -1L, leaf, root),
        Arguments.of(
            Named.of("last leaf of the largest tree", Long.MAX_VALUE - 1),
            Long.MAX_VALUE,
            leaf,
            root),
        Arguments.of(Named.of("null leaf hash", 0L), 1L, null, root),
        Arguments.of(Named.of("33-byte leaf hash", 0L), 1L, Arrays.copyOf(leaf, 33), root),
        Arguments.of(Named.of("null root", 0L), 1L, leaf, null),
        Arguments.of(Named.of("empty root", 0L), 1L, leaf, new byte[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedArguments")
  void malformed_arguments_fail_without_throwing(long index, long size, byte[] leaf, byte[] root) {
    assertThat(MerkleProofs.verifyInclusion(index, size, leaf, List.of(), root)).isFalse();
  }

  @Test
  void the_only_leaf_of_a_one_leaf_tree_is_proved_by_no_hashes() {
    assertThat(MerkleProofs.inclusionProof(0, 1, TREE)).isEmpty();
    assertThat(MerkleProofs.verifyInclusion(0, 1, LEAVES.get(0), List.of(), LEAVES.get(0)))
        .isTrue();
  }

  static Stream<Arguments> leavesOutsideTheTree() {
    return Stream.of(
        Arguments.of(
            Named.of("negative index", -1L), 5L, "Leaf index -1 is not in a tree of 5 leaves."),
        Arguments.of(
            Named.of("index equal to size", 5L), 5L, "Leaf index 5 is not in a tree of 5 leaves."),
        Arguments.of(Named.of("empty tree", 0L), 0L, "Leaf index 0 is not in a tree of 0 leaves."),
        Arguments.of(
            Named.of("negative size", 0L), -3L, "Leaf index 0 is not in a tree of -3 leaves."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leavesOutsideTheTree")
  void generation_refuses_a_leaf_outside_the_tree(long index, long size, String message) {
    assertThatThrownBy(() -> MerkleProofs.inclusionProof(index, size, TREE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void generation_hands_out_copies_in_a_list_that_cannot_change() {
    List<byte[]> proof = MerkleProofs.inclusionProof(0, 2, TREE);
    proof.get(0)[0] ^= 1;
    assertThat(TREE.node(0, 1)).isEqualTo(LEAVES.get(1));
    assertThatThrownBy(() -> proof.add(new byte[32]))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void generation_refuses_a_source_hash_that_is_not_32_bytes() {
    assertThatThrownBy(() -> MerkleProofs.inclusionProof(0, 2, (level, index) -> new byte[20]))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Node (0, 1) is 20 bytes, not 32.");
  }
}
