package org.hotline.transcript;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MTH, PATH and SUBPROOF of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1, transcribed as the RFC writes
 * them (recursion over lists of leaves), to check {@link MerkleProofs} against them. MTH is
 * memoized by range, as it depends on nothing else.
 */
final class ReferenceProofs {
  private final List<byte[]> leaves;
  private final Map<Long, byte[]> roots = new HashMap<>();

  ReferenceProofs(List<byte[]> leaves) {
    this.leaves = leaves;
  }

  /** MTH(D[begin:end]). */
  byte[] mth(int begin, int end) {
    int n = end - begin;
    if (n == 0) {
      return MerkleHash.emptyRoot();
    }
    if (n == 1) {
      return leaves.get(begin);
    }
    long key = ((long) begin << 32) | end;
    byte[] root = roots.get(key);
    if (root == null) {
      int k = largestPowerOfTwoBelow(n);
      root = MerkleHash.node(mth(begin, begin + k), mth(begin + k, end));
      roots.put(key, root);
    }
    return root;
  }

  /** PATH(m, D[size]). */
  List<byte[]> path(int m, int size) {
    return path(m, 0, size);
  }

  /** PROOF(m, D[size]) = SUBPROOF(m, D[size], true). */
  List<byte[]> proof(int m, int size) {
    return subproof(m, 0, size, true);
  }

  /** PATH(m, D[begin:end]), m counted from begin. */
  private List<byte[]> path(int m, int begin, int end) {
    int n = end - begin;
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = largestPowerOfTwoBelow(n);
    List<byte[]> path;
    if (m < k) {
      path = path(m, begin, begin + k);
      path.add(mth(begin + k, end));
    } else {
      path = path(m - k, begin + k, end);
      path.add(mth(begin, begin + k));
    }
    return path;
  }

  /** SUBPROOF(m, D[begin:end], b), m counted from begin. */
  private List<byte[]> subproof(int m, int begin, int end, boolean b) {
    int n = end - begin;
    if (m == n) {
      List<byte[]> proof = new ArrayList<>();
      if (!b) {
        proof.add(mth(begin, end));
      }
      return proof;
    }
    int k = largestPowerOfTwoBelow(n);
    List<byte[]> proof;
    if (m <= k) {
      proof = subproof(m, begin, begin + k, b);
      proof.add(mth(begin + k, end));
    } else {
      proof = subproof(m - k, begin + k, end, false);
      proof.add(mth(begin, begin + k));
    }
    return proof;
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
