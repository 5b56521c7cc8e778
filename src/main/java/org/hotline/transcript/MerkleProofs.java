package org.hotline.transcript;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Inclusion and consistency proofs of <a
 * href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3">RFC 9162 §2.1.3</a> and <a
 * href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.4">§2.1.4</a>, generated and verified
 * exactly as specified there, over the SHA-256 hashing of {@link MerkleHash}.
 *
 * <p>Generation reads O(log n) node hashes from a {@link NodeSource}: complete subtrees directly,
 * and the at most one incomplete subtree on the right edge of the tree that a proof needs through
 * {@link #rangeRoot}. Verification takes untrusted input and never throws: any malformed argument
 * is a failed proof.
 *
 * <p>A proof does not bind the tree size on its own: the audit path of leaf 0 in a tree of 3 leaves
 * also verifies for 4 leaves against the same root, since nothing tells a leaf hash from a node
 * hash one level up. Always take the size and the root from the same signed {@link Checkpoint}.
 *
 * <p>Stateless; thread-safe. Every returned array is fresh.
 */
public final class MerkleProofs {
  /**
   * Most hashes in a proof: a tree of at most {@link Long#MAX_VALUE} leaves is at most 63 levels
   * deep, and a consistency proof adds at most one hash to that (RFC 9162 §2.1.4.1 bounds it by
   * ceil(log2(n)) + 1). Longer proofs are refused before any hashing.
   */
  public static final int PROOF_HASHES_MAX = Long.SIZE;

  private MerkleProofs() {}

  /**
   * PATH(index, D[size]) of RFC 9162 §2.1.3.1: the audit path of leaf {@code index} in the tree of
   * the first {@code size} leaves of {@code source}, nearest sibling first.
   *
   * @throws IllegalArgumentException if {@code index} is not in {@code [0, size)}
   * @throws TranscriptFormatException if {@code source} returns a hash that is not 32 bytes
   */
  public static List<byte[]> inclusionProof(long index, long size, NodeSource source) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "Leaf index " + index + " is not in a tree of " + size + " leaves.");
    }
    Objects.requireNonNull(source, "source");
    // Walk PATH's recursion from the root down over the leaves [begin, end) of D[size], then
    // reverse: the RFC lists the deepest sibling first.
    List<byte[]> path = new ArrayList<>();
    long begin = 0;
    long end = size;
    while (end - begin > 1) {
      long split = begin + largestPowerOfTwoBelow(end - begin);
      if (index < split) {
        path.add(subtreeRoot(split, end, source)); // PATH(m, D[0:k]) : MTH(D[k:n])
        end = split;
      } else {
        path.add(completeSubtreeRoot(begin, split, source)); // PATH(m - k, D[k:n]) : MTH(D[0:k])
        begin = split;
      }
    }
    Collections.reverse(path);
    return Collections.unmodifiableList(path);
  }

  /**
   * RFC 9162 §2.1.3.2: whether {@code proof} shows that {@code leafHash} is leaf {@code index} of
   * the tree of {@code size} leaves whose root is {@code root}. False, never an exception, for any
   * malformed input: a negative or out-of-range index, null or non-32-byte hashes, a proof longer
   * than {@value #PROOF_HASHES_MAX} hashes.
   */
  public static boolean verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    if (!isHash(leafHash) || !isHash(root) || !isProof(proof)) {
      return false;
    }
    // 1. leaf_index must be below tree_size (and, in Java, not negative).
    if (index < 0 || index >= size) {
      return false;
    }
    // 2., 3.
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    // 4.
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if (isOdd(fn) || fn == sn) {
        r = MerkleHash.node(p, r);
        while (!isOdd(fn) && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = MerkleHash.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5.
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * PROOF(oldSize, D[newSize]) of RFC 9162 §2.1.4.1: the proof that the tree of the first {@code
   * oldSize} leaves of {@code source} is a prefix of the tree of its first {@code newSize} leaves.
   *
   * <p>The RFC defines proofs for {@code 0 < oldSize < newSize} only. The two cases it leaves out
   * need no hashes, so their proof is empty: the empty tree is a prefix of every tree, and a tree
   * is a prefix of itself. {@link #verifyConsistency} accepts exactly these.
   *
   * @throws IllegalArgumentException unless {@code 0 <= oldSize <= newSize}
   * @throws TranscriptFormatException if {@code source} returns a hash that is not 32 bytes
   */
  public static List<byte[]> consistencyProof(long oldSize, long newSize, NodeSource source) {
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "A tree of "
              + oldSize
              + " leaves cannot be a prefix of a tree of "
              + newSize
              + " leaves.");
    }
    Objects.requireNonNull(source, "source");
    if (oldSize == 0 || oldSize == newSize) {
      return List.of();
    }
    // Walk SUBPROOF's recursion from the root down over the leaves [begin, end) of D[newSize],
    // where the old tree covers [begin, oldSize), then reverse as for PATH.
    List<byte[]> proof = new ArrayList<>();
    long begin = 0;
    long end = newSize;
    boolean wholeOldTree = true; // SUBPROOF's b: the verifier already knows MTH(D[begin:oldSize])
    while (oldSize != end) {
      long split = begin + largestPowerOfTwoBelow(end - begin);
      if (oldSize <= split) {
        proof.add(subtreeRoot(split, end, source)); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
        end = split;
      } else {
        proof.add(completeSubtreeRoot(begin, split, source)); // SUBPROOF(m - k, ..) : MTH(D[0:k])
        begin = split;
        wholeOldTree = false;
      }
    }
    if (!wholeOldTree) {
      proof.add(subtreeRoot(begin, end, source)); // SUBPROOF(m, D[m], false) = {MTH(D[m])}
    }
    Collections.reverse(proof);
    return Collections.unmodifiableList(proof);
  }

  /**
   * RFC 9162 §2.1.4.2: whether {@code proof} shows that the tree of {@code oldSize} leaves with
   * root {@code oldRoot} is a prefix of the tree of {@code newSize} leaves with root {@code
   * newRoot}. Beyond the RFC, which covers {@code 0 < oldSize < newSize}: an empty proof shows that
   * the empty tree (whose root must be {@link MerkleHash#emptyRoot()}) is a prefix of any tree, and
   * that a tree is a prefix of the tree of the same size with the same root. False, never an
   * exception, for any malformed input.
   */
  public static boolean verifyConsistency(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (!isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) {
      return false;
    }
    if (oldSize < 0 || oldSize > newSize) {
      return false;
    }
    if (oldSize == 0) {
      byte[] emptyRoot = MerkleHash.emptyRoot();
      return proof.isEmpty()
          && MessageDigest.isEqual(oldRoot, emptyRoot)
          && (newSize > 0 || MessageDigest.isEqual(newRoot, emptyRoot));
    }
    if (oldSize == newSize) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    // 1.
    if (proof.isEmpty()) {
      return false;
    }
    // 2.
    List<byte[]> path = proof;
    if (Long.bitCount(oldSize) == 1) {
      path = new ArrayList<>(proof.size() + 1);
      path.add(oldRoot);
      path.addAll(proof);
    }
    // 3.
    long fn = oldSize - 1;
    long sn = newSize - 1;
    // 4.
    while (isOdd(fn)) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5.
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    // 6.
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if (isOdd(fn) || fn == sn) {
        fr = MerkleHash.node(c, fr);
        sr = MerkleHash.node(c, sr);
        while (!isOdd(fn) && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleHash.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    // 7.
    return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
  }

  /**
   * MTH(D[begin:end]): the root of the tree over leaves {@code [begin, end)}, which need not be a
   * complete subtree, built from at most 1 + log2(end - begin) complete subtrees of {@code source}.
   * That bound needs the range to sit at the left of a subtree of the whole tree: {@code begin}
   * must be a multiple of the largest power of two below {@code end - begin}. Every range a proof
   * needs does, and so does every prefix {@code [0, size)}, whose root is the tree's root. The
   * empty range has the {@link MerkleHash#emptyRoot() empty root}.
   *
   * @throws IllegalArgumentException if {@code 0 <= begin <= end} fails or {@code begin} is not
   *     aligned as above
   * @throws TranscriptFormatException if {@code source} returns a hash that is not 32 bytes
   */
  public static byte[] rangeRoot(long begin, long end, NodeSource source) {
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "Leaf range [" + begin + ", " + end + ") is not a range of leaves.");
    }
    Objects.requireNonNull(source, "source");
    long width = end - begin;
    if (width == 0) {
      return MerkleHash.emptyRoot();
    }
    if (width > 1 && begin % largestPowerOfTwoBelow(width) != 0) {
      throw new IllegalArgumentException(
          "Leaf range ["
              + begin
              + ", "
              + end
              + ") does not start at a multiple of "
              + largestPowerOfTwoBelow(width)
              + ".");
    }
    return subtreeRoot(begin, end, source);
  }

  /** MTH(D[begin:end]) for a non-empty range aligned as {@link #rangeRoot} requires. */
  private static byte[] subtreeRoot(long begin, long end, NodeSource source) {
    long width = end - begin;
    if (Long.bitCount(width) == 1 && begin % width == 0) {
      return completeSubtreeRoot(begin, end, source);
    }
    long split = begin + largestPowerOfTwoBelow(width);
    return MerkleHash.node(
        completeSubtreeRoot(begin, split, source), subtreeRoot(split, end, source));
  }

  /** The node over {@code [begin, end)}, whose width is a power of two that divides begin. */
  private static byte[] completeSubtreeRoot(long begin, long end, NodeSource source) {
    int level = Long.numberOfTrailingZeros(end - begin);
    long index = begin >>> level;
    byte[] hash = source.node(level, index);
    return MerkleHash.requireHash("Node (" + level + ", " + index + ")", hash).clone();
  }

  /** The k of RFC 9162 §2.1.1: the largest power of two smaller than {@code n}, for n >= 2. */
  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static boolean isOdd(long value) {
    return (value & 1) != 0;
  }

  private static boolean isHash(byte[] hash) {
    return hash != null && hash.length == MerkleHash.HASH_SIZE;
  }

  private static boolean isProof(List<byte[]> proof) {
    if (proof == null || proof.size() > PROOF_HASHES_MAX) {
      return false;
    }
    for (byte[] hash : proof) {
      if (!isHash(hash)) {
        return false;
      }
    }
    return true;
  }
}
