package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.TestTrees.append;
import static org.hotline.transcript.TestTrees.ceilLog2;
import static org.hotline.transcript.TestTrees.hexes;
import static org.hotline.transcript.TestTrees.prepend;
import static org.hotline.transcript.TestTrees.unhex;
import static org.hotline.transcript.TestTrees.withBitFlipped;
import static org.hotline.transcript.Vectors.CONSISTENCY_PROOFS;
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

class ConsistencyProofTest {
  private static final List<byte[]> LEAVES = TestTrees.leafHashes(2_000);
  private static final MemoryTree TREE = MemoryTree.of(LEAVES);
  private static final ReferenceProofs REFERENCE = new ReferenceProofs(LEAVES);

  private static byte[] root(int size) {
    return REFERENCE.mth(0, size);
  }

  private static void assertVerifies(
      long oldSize, long newSize, MemoryTree tree, byte[] oldRoot, byte[] newRoot) {
    List<byte[]> proof = MerkleProofs.consistencyProof(oldSize, newSize, tree);
    assertThat(MerkleProofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof))
        .as("%d leaves to %d", oldSize, newSize)
        .isTrue();
  }

  @Test
  void published_proofs_over_the_classic_leaves_are_generated_and_verify() {
    MemoryTree classic = MemoryTree.of(MerkleHashTest.classicLeafHashes());
    for (Vectors.ConsistencyVector vector : CONSISTENCY_PROOFS) {
      List<byte[]> proof =
          MerkleProofs.consistencyProof(vector.oldSize(), vector.newSize(), classic);
      assertThat(hexes(proof)).as("%s", vector).isEqualTo(vector.proof());
      byte[] oldRoot = hex(ROOT_HASHES.get((int) vector.oldSize()));
      byte[] newRoot = hex(ROOT_HASHES.get((int) vector.newSize()));
      assertThat(
              MerkleProofs.verifyConsistency(
                  vector.oldSize(), vector.newSize(), oldRoot, newRoot, unhex(vector.proof())))
          .as("%s", vector)
          .isTrue();
    }
  }

  @Test
  void proofs_in_the_rfc_seven_leaf_example_are_the_nodes_it_names() {
    // RFC 9162 §2.1.5 (RFC 6962 §2.1.3): leaves a..f and j = d6; g, h, i and k, l above them.
    MemoryTree seven = TestTrees.tree(7);
    byte[] c = seven.node(0, 2);
    byte[] d = seven.node(0, 3);
    byte[] j = seven.node(0, 6);
    byte[] g = seven.node(1, 0);
    byte[] i = seven.node(1, 2);
    byte[] k = seven.node(2, 0);
    byte[] l = MerkleHash.node(i, j);
    assertThat(hexes(MerkleProofs.consistencyProof(3, 7, seven)))
        .isEqualTo(hexes(List.of(c, d, g, l)));
    assertThat(hexes(MerkleProofs.consistencyProof(4, 7, seven))).isEqualTo(hexes(List.of(l)));
    assertThat(hexes(MerkleProofs.consistencyProof(6, 7, seven)))
        .isEqualTo(hexes(List.of(i, j, k)));
  }

  @Test
  void every_older_tree_of_every_tree_up_to_300_leaves_has_the_rfc_proof_and_it_verifies() {
    for (int newSize = 2; newSize <= 300; newSize++) {
      byte[] newRoot = root(newSize);
      for (int oldSize = 1; oldSize < newSize; oldSize++) {
        List<byte[]> proof = MerkleProofs.consistencyProof(oldSize, newSize, TREE);
        assertThat(hexes(proof))
            .as("%d leaves to %d", oldSize, newSize)
            .isEqualTo(hexes(REFERENCE.proof(oldSize, newSize)));
        assertThat(MerkleProofs.verifyConsistency(oldSize, newSize, root(oldSize), newRoot, proof))
            .as("%d leaves to %d", oldSize, newSize)
            .isTrue();
      }
    }
  }

  @Test
  void edge_middle_power_of_two_and_random_older_trees_of_every_tree_up_to_2000_verify() {
    Random random = new Random(2000);
    for (int newSize = 301; newSize <= 2_000; newSize++) {
      int power = Integer.highestOneBit(newSize - 1);
      TreeSet<Integer> oldSizes =
          new TreeSet<>(List.of(1, 2, power - 1, power, power + 1, newSize / 2, newSize - 1));
      for (int draw = 0; draw < 4; draw++) {
        oldSizes.add(1 + random.nextInt(newSize - 1));
      }
      for (int oldSize : oldSizes) {
        assertVerifies(oldSize, newSize, TREE, root(oldSize), root(newSize));
      }
    }
  }

  @Test
  void random_trees_up_to_a_million_leaves_are_consistent_with_smaller_ones_and_random_prefixes() {
    List<Long> sizes = TestTrees.Million.SIZES;
    MemoryTree tree = TestTrees.Million.TREE;
    Random random = new Random(1_000_000);
    for (int at = 0; at < sizes.size(); at++) {
      long newSize = sizes.get(at);
      byte[] newRoot = TestTrees.Million.ROOTS.get(newSize);
      for (long oldSize : sizes.subList(0, at)) {
        assertVerifies(oldSize, newSize, tree, TestTrees.Million.ROOTS.get(oldSize), newRoot);
      }
      for (int draw = 0; draw < 8; draw++) {
        long oldSize = 1 + random.nextLong(newSize - 1);
        assertVerifies(oldSize, newSize, tree, MerkleProofs.rangeRoot(0, oldSize, tree), newRoot);
      }
    }
  }

  @Test
  void generating_a_proof_reads_at_most_two_nodes_per_level_of_the_tree() {
    Random random = new Random(6962);
    for (long newSize : TestTrees.Million.SIZES) {
      for (int draw = 0; draw < 16; draw++) {
        long oldSize = draw == 0 ? newSize - 1 : 1 + random.nextLong(newSize - 1);
        TestTrees.CountingSource counting = new TestTrees.CountingSource(TestTrees.Million.TREE);
        List<byte[]> proof = MerkleProofs.consistencyProof(oldSize, newSize, counting);
        assertThat(proof).hasSizeLessThanOrEqualTo(ceilLog2(newSize) + 1);
        assertThat(counting.reads())
            .as("%d leaves to %d", oldSize, newSize)
            .isLessThanOrEqualTo(2 * ceilLog2(newSize) + 1);
      }
    }
  }

  @Test
  void flipping_any_bit_of_any_proof_hash_or_either_root_fails_for_trees_up_to_12() {
    for (int newSize = 2; newSize <= 12; newSize++) {
      byte[] newRoot = root(newSize);
      for (int oldSize = 1; oldSize < newSize; oldSize++) {
        byte[] oldRoot = root(oldSize);
        List<byte[]> proof = MerkleProofs.consistencyProof(oldSize, newSize, TREE);
        for (int bit = 0; bit < 256; bit++) {
          for (int element = 0; element < proof.size(); element++) {
            assertThat(
                    MerkleProofs.verifyConsistency(
                        oldSize, newSize, oldRoot, newRoot, withBitFlipped(proof, element, bit)))
                .as("%d to %d, hash %d, bit %d", oldSize, newSize, element, bit)
                .isFalse();
          }
          assertThat(
                  MerkleProofs.verifyConsistency(
                      oldSize, newSize, withBitFlipped(oldRoot, bit), newRoot, proof))
              .isFalse();
          assertThat(
                  MerkleProofs.verifyConsistency(
                      oldSize, newSize, oldRoot, withBitFlipped(newRoot, bit), proof))
              .isFalse();
        }
      }
    }
  }

  @Test
  void flipping_one_bit_of_each_proof_hash_fails_for_every_older_tree_of_trees_up_to_128() {
    for (int newSize = 2; newSize <= 128; newSize++) {
      byte[] newRoot = root(newSize);
      for (int oldSize = 1; oldSize < newSize; oldSize++) {
        List<byte[]> proof = MerkleProofs.consistencyProof(oldSize, newSize, TREE);
        for (int element = 0; element < proof.size(); element++) {
          int bit = (oldSize * 31 + element * 7 + newSize) % 256;
          assertThat(
                  MerkleProofs.verifyConsistency(
                      oldSize,
                      newSize,
                      root(oldSize),
                      newRoot,
                      withBitFlipped(proof, element, bit)))
              .as("%d to %d, hash %d, bit %d", oldSize, newSize, element, bit)
              .isFalse();
        }
      }
    }
  }

  @Test
  void a_proof_fails_for_an_older_tree_one_leaf_off_and_a_newer_tree_one_leaf_off() {
    for (int newSize = 2; newSize <= 128; newSize++) {
      for (int oldSize = 1; oldSize < newSize; oldSize++) {
        byte[] oldRoot = root(oldSize);
        byte[] newRoot = root(newSize);
        List<byte[]> proof = MerkleProofs.consistencyProof(oldSize, newSize, TREE);
        for (int step : new int[] {-1, 1}) {
          assertThat(
                  MerkleProofs.verifyConsistency(oldSize + step, newSize, oldRoot, newRoot, proof))
              .as("%d to %d claimed from %d", oldSize, newSize, oldSize + step)
              .isFalse();
          assertThat(
                  MerkleProofs.verifyConsistency(
                      oldSize + step, newSize, root(oldSize + step), newRoot, proof))
              .as("%d to %d checked from the tree of %d", oldSize, newSize, oldSize + step)
              .isFalse();
          assertThat(
                  MerkleProofs.verifyConsistency(
                      oldSize, newSize + step, oldRoot, root(newSize + step), proof))
              .as("%d to %d checked against the tree of %d", oldSize, newSize, newSize + step)
              .isFalse();
        }
      }
    }
  }

  @Test
  void a_proof_does_not_bind_the_new_size_so_size_and_root_must_come_from_one_checkpoint() {
    // PROOF(2, D[3]) = [c]: a verifier told "4 leaves" reads c as the node over leaves 2 and 3.
    List<byte[]> proof = MerkleProofs.consistencyProof(2, 3, TREE);
    assertThat(MerkleProofs.verifyConsistency(2, 3, root(2), root(3), proof)).isTrue();
    assertThat(MerkleProofs.verifyConsistency(2, 4, root(2), root(3), proof)).isTrue();
    assertThat(MerkleProofs.verifyConsistency(2, 4, root(2), root(4), proof)).isFalse();
  }

  @Test
  void a_tree_is_consistent_with_itself_and_with_the_empty_tree_by_an_empty_proof() {
    assertThat(MerkleProofs.consistencyProof(0, 0, TREE)).isEmpty();
    assertThat(MerkleProofs.consistencyProof(0, 9, TREE)).isEmpty();
    assertThat(MerkleProofs.consistencyProof(9, 9, TREE)).isEmpty();
    byte[] empty = MerkleHash.emptyRoot();
    assertThat(MerkleProofs.verifyConsistency(0, 0, empty, empty, List.of())).isTrue();
    assertThat(MerkleProofs.verifyConsistency(0, 9, empty, root(9), List.of())).isTrue();
    assertThat(MerkleProofs.verifyConsistency(9, 9, root(9), root(9), List.of())).isTrue();
  }

  static Stream<Arguments> trivialCasesThatFail() {
    byte[] empty = MerkleHash.emptyRoot();
    return Stream.of(
        Arguments.of(
            Named.of("empty tree with a non-empty root", 0L), 9L, root(1), root(9), List.of()),
        Arguments.of(
            Named.of("two empty trees, the new one with a non-empty root", 0L),
            0L,
            empty,
            root(1),
            List.of()),
        Arguments.of(
            Named.of("empty tree with a proof hash", 0L), 9L, empty, root(9), List.of(root(9))),
        Arguments.of(Named.of("same size, different roots", 9L), 9L, root(9), root(8), List.of()),
        Arguments.of(
            Named.of("same size, same root, a proof hash", 9L),
            9L,
            root(9),
            root(9),
            List.of(root(9))),
        Arguments.of(
            Named.of("different sizes, no proof hashes", 8L), 9L, root(8), root(9), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trivialCasesThatFail")
  void trivial_claims_fail_when_their_roots_or_hashes_do_not_fit(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    assertThat(MerkleProofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).isFalse();
  }

  static Stream<Arguments> alteredProofs() {
    List<byte[]> proof = MerkleProofs.consistencyProof(5, 13, TREE);
    List<byte[]> reversed = new ArrayList<>(proof);
    Collections.reverse(reversed);
    List<byte[]> withNull = new ArrayList<>(proof);
    withNull.set(1, null);
    List<byte[]> withLongHash = new ArrayList<>(proof);
    withLongHash.set(1, Arrays.copyOf(proof.get(1), 33));
    return Stream.of(
        Arguments.of(Named.of("last hash removed", proof.subList(0, proof.size() - 1))),
        Arguments.of(Named.of("the new root appended", append(proof, root(13)))),
        Arguments.of(Named.of("the old root prepended", prepend(root(5), proof))),
        Arguments.of(Named.of("the first hash repeated", prepend(proof.get(0), proof))),
        Arguments.of(Named.of("no hashes", List.of())),
        Arguments.of(Named.of("hashes in reverse order", reversed)),
        Arguments.of(Named.of("a null hash", withNull)),
        Arguments.of(Named.of("a 33-byte hash", withLongHash)),
        Arguments.of(Named.of("no list at all", null)),
        Arguments.of(Named.of("65 hashes", Collections.nCopies(65, proof.get(0)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("alteredProofs")
  void an_altered_proof_fails_without_throwing(List<byte[]> altered) {
    assertThat(MerkleProofs.verifyConsistency(5, 13, root(5), root(13), altered)).isFalse();
  }

  static Stream<Arguments> malformedArguments() {
    List<byte[]> proof = MerkleProofs.consistencyProof(5, 13, TREE);
    return Stream.of(
        Arguments.of(Named.of("negative old size", -1L), 13L, root(5), root(13), proof),
        Arguments.of(Named.of("old size above new size", 13L), 5L, root(13), root(5), proof),
        Arguments.of(Named.of("roots swapped", 5L), 13L, root(13), root(5), proof),
        Arguments.of(Named.of("null old root", 5L), 13L, null, root(13), proof),
        Arguments.of(Named.of("short new root", 5L), 13L, root(5), new byte[31], proof),
        Arguments.of(
            Named.of("largest sizes", Long.MAX_VALUE - 1),
            Long.MAX_VALUE,
            root(5),
            root(13),
            proof));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedArguments")
  void malformed_arguments_fail_without_throwing(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    assertThat(MerkleProofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).isFalse();
  }

  static Stream<Arguments> sizesThatAreNotPrefixes() {
    return Stream.of(
        Arguments.of(
            Named.of("negative old size", -1L),
            5L,
            "A tree of -1 leaves cannot be a prefix of a tree of 5 leaves."),
        Arguments.of(
            Named.of("old size above new size", 6L),
            5L,
            "A tree of 6 leaves cannot be a prefix of a tree of 5 leaves."),
        Arguments.of(
            Named.of("negative new size", 0L),
            -1L,
            "A tree of 0 leaves cannot be a prefix of a tree of -1 leaves."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sizesThatAreNotPrefixes")
  void generation_refuses_an_old_tree_that_cannot_be_a_prefix(
      long oldSize, long newSize, String message) {
    assertThatThrownBy(() -> MerkleProofs.consistencyProof(oldSize, newSize, TREE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /**
   * The nodes of a tree whose leaves all have the same hash: every complete subtree of a level has
   * the same root, so a tree of any size, up to 2^63-1 leaves, costs one hash per level.
   */
  private static NodeSource uniformTree() {
    byte[][] levels = new byte[Long.SIZE][];
    levels[0] = MerkleHash.leaf(new byte[] {42});
    for (int level = 1; level < levels.length; level++) {
      levels[level] = MerkleHash.node(levels[level - 1], levels[level - 1]);
    }
    return (level, index) -> levels[level].clone();
  }

  @Test
  void the_longest_proof_of_the_largest_tree_has_exactly_64_hashes_and_verifies() {
    NodeSource tree = uniformTree();
    long newSize = Long.MAX_VALUE;
    List<byte[]> proof = MerkleProofs.consistencyProof(3, newSize, tree);
    assertThat(proof).hasSize(MerkleProofs.PROOF_HASHES_MAX);
    assertThat(
            MerkleProofs.verifyConsistency(
                3,
                newSize,
                MerkleProofs.rangeRoot(0, 3, tree),
                MerkleProofs.rangeRoot(0, newSize, tree),
                proof))
        .isTrue();
  }
}
