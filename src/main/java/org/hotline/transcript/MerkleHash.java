package org.hotline.transcript;

import java.util.List;
import java.util.Objects;

/**
 * Merkle tree hashing with SHA-256 as in <a
 * href="https://www.rfc-editor.org/rfc/rfc6962#section-2.1">RFC 6962 §2.1</a>, unchanged in <a
 * href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1">RFC 9162 §2.1.1</a>: leaves and
 * interior nodes are hashed with distinct one-byte prefixes so that neither can pass for the other.
 * Every method returns a fresh array.
 *
 * <p>Stateless; thread-safe.
 */
public final class MerkleHash {
  public static final int HASH_SIZE = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private MerkleHash() {}

  /** MTH({d}) = SHA-256(0x00 || d). */
  public static byte[] leaf(byte[] entry) {
    return Sha256.hash(LEAF_PREFIX, Objects.requireNonNull(entry, "entry"));
  }

  /**
   * SHA-256(0x01 || left || right).
   *
   * @throws TranscriptFormatException if either input is not {@value #HASH_SIZE} bytes
   */
  public static byte[] node(byte[] left, byte[] right) {
    return Sha256.hash(
        NODE_PREFIX, requireHash("Left child hash", left), requireHash("Right child hash", right));
  }

  /** MTH({}) = SHA-256(""), the root of the empty tree. */
  public static byte[] emptyRoot() {
    return Sha256.hash();
  }

  /**
   * The reference MTH(D[n]) of RFC 6962 §2.1 over already-hashed leaves: split at the largest power
   * of two below n and recurse. O(n) time; meant for tests and one-off verification, not for
   * growing trees (use {@link Frontier}).
   *
   * @throws TranscriptFormatException if any leaf hash is not {@value #HASH_SIZE} bytes
   */
  public static byte[] rootOf(List<byte[]> leafHashes) {
    for (int i = 0; i < leafHashes.size(); i++) {
      requireHash("Leaf hash " + i, leafHashes.get(i));
    }
    return leafHashes.isEmpty() ? emptyRoot() : subtreeRoot(leafHashes, 0, leafHashes.size());
  }

  private static byte[] subtreeRoot(List<byte[]> leafHashes, int from, int to) {
    if (to - from == 1) {
      return leafHashes.get(from).clone();
    }
    int split = from + Integer.highestOneBit(to - from - 1);
    return node(subtreeRoot(leafHashes, from, split), subtreeRoot(leafHashes, split, to));
  }

  static byte[] requireHash(String what, byte[] hash) {
    Objects.requireNonNull(hash, what);
    if (hash.length != HASH_SIZE) {
      throw new TranscriptFormatException(
          what + " is " + hash.length + " bytes, not " + HASH_SIZE + ".");
    }
    return hash;
  }
}
