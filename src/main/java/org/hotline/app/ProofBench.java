package org.hotline.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.hotline.Json;
import org.hotline.transcript.MemoryTree;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.NodeSource;

/**
 * {@code hotline bench --proofs}: the cost of one RFC 9162 inclusion proof and one consistency
 * proof, generated and verified, at 10^3, 10^5 and 10^7 entries, to show that it grows with log n.
 * Each tree is real (SHA-256 of distinct leaves, every node computed), held in memory; proofs are
 * generated twice: from the complete tree, and through the node's own storage layout ({@link
 * NodeSource#strided} with stride 4, as {@code LogAppender} stores every 4th level), which is what
 * a node reads from SQLite minus the SQL. Single thread; figures are means over {@link #PROOFS}
 * proofs at random positions (fixed seed), from the second of two passes over each tree.
 */
final class ProofBench {
  static final long[] SIZES = {1_000, 100_000, 10_000_000};

  /** Proofs per measurement: enough for a stable mean, few enough for a run of a minute. */
  static final int PROOFS = 20_000;

  private static final int STORED_LEVEL_STRIDE = 4;

  private ProofBench() {}

  static void run(boolean json) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    measure(MemoryTree.of(leaves(SIZES[0])), new LinkedHashMap<>()); // warm-up
    for (long size : SIZES) {
      long built = System.nanoTime();
      MemoryTree tree = MemoryTree.of(leaves(size));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("entries", size);
      row.put("tree_build_seconds", Math.round((System.nanoTime() - built) / 1e8) / 10.0);
      measure(
          tree, new LinkedHashMap<>()); // the first pass over a new tree warms caches and the JIT
      measure(tree, row);
      rows.add(row);
      if (!json) {
        System.err.println("bench: proofs at " + size + " entries done");
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("proofs", rows);
    figures.put(
        "machine",
        Runtime.getRuntime().availableProcessors()
            + " cores, "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version"));
    if (json) {
      System.out.println(
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures));
      return;
    }
    System.out.printf(
        "%12s %8s %10s %10s %10s %10s %8s %10s %10s%n",
        "entries",
        "incl.len",
        "incl.gen",
        "incl.gen*",
        "incl.ver",
        "cons.len",
        "cons.gen",
        "cons.gen*",
        "cons.ver");
    for (Map<String, Object> row : rows) {
      System.out.printf(
          "%12s %8s %10s %10s %10s %10s %8s %10s %10s%n",
          row.get("entries"),
          row.get("inclusion_hashes"),
          row.get("inclusion_generate_us"),
          row.get("inclusion_generate_stored_us"),
          row.get("inclusion_verify_us"),
          row.get("consistency_hashes"),
          row.get("consistency_generate_us"),
          row.get("consistency_generate_stored_us"),
          row.get("consistency_verify_us"));
    }
    System.out.println(
        "(µs per proof; * = through the stored layout, every 4th level kept; len = mean hashes per proof)");
  }

  private static List<byte[]> leaves(long size) {
    List<byte[]> leaves = new ArrayList<>((int) size);
    byte[] entry = new byte[8];
    for (long i = 0; i < size; i++) {
      for (int b = 0; b < 8; b++) {
        entry[b] = (byte) (i >>> (8 * b));
      }
      leaves.add(MerkleHash.leaf(entry));
    }
    return leaves;
  }

  private static void measure(MemoryTree tree, Map<String, Object> row) {
    long size = tree.size();
    byte[] root = tree.root();
    SplittableRandom random = new SplittableRandom(42);
    long[] indexes = new long[PROOFS];
    long[] oldSizes = new long[PROOFS];
    for (int i = 0; i < PROOFS; i++) {
      indexes[i] = random.nextLong(size);
      oldSizes[i] = 1 + random.nextLong(size - 1);
    }
    LongAdder reads = new LongAdder();
    NodeSource stored =
        NodeSource.strided(
            STORED_LEVEL_STRIDE,
            (level, index) -> {
              reads.increment();
              return tree.node(level, index);
            });

    List<List<byte[]>> inclusion = new ArrayList<>(PROOFS);
    long start = System.nanoTime();
    for (long index : indexes) {
      inclusion.add(MerkleProofs.inclusionProof(index, size, tree));
    }
    row.put("inclusion_generate_us", micros(start));
    start = System.nanoTime();
    for (long index : indexes) {
      MerkleProofs.inclusionProof(index, size, stored);
    }
    row.put("inclusion_generate_stored_us", micros(start));
    row.put("inclusion_stored_reads", reads.sumThenReset() / PROOFS);
    byte[][] leafHashes = new byte[PROOFS][];
    for (int i = 0; i < PROOFS; i++) {
      leafHashes[i] = tree.node(0, indexes[i]);
    }
    start = System.nanoTime();
    for (int i = 0; i < PROOFS; i++) {
      check(MerkleProofs.verifyInclusion(indexes[i], size, leafHashes[i], inclusion.get(i), root));
    }
    row.put("inclusion_verify_us", micros(start));
    row.put(
        "inclusion_hashes",
        Math.round(inclusion.stream().mapToInt(List::size).average().orElse(0) * 10) / 10.0);

    List<List<byte[]>> consistency = new ArrayList<>(PROOFS);
    start = System.nanoTime();
    for (long oldSize : oldSizes) {
      consistency.add(MerkleProofs.consistencyProof(oldSize, size, tree));
    }
    row.put("consistency_generate_us", micros(start));
    start = System.nanoTime();
    for (long oldSize : oldSizes) {
      MerkleProofs.consistencyProof(oldSize, size, stored);
    }
    row.put("consistency_generate_stored_us", micros(start));
    row.put("consistency_stored_reads", reads.sumThenReset() / PROOFS);
    byte[][] oldRoots = new byte[PROOFS][];
    for (int i = 0; i < PROOFS; i++) {
      oldRoots[i] = MerkleProofs.rangeRoot(0, oldSizes[i], tree);
    }
    start = System.nanoTime();
    for (int i = 0; i < PROOFS; i++) {
      check(
          MerkleProofs.verifyConsistency(oldSizes[i], size, oldRoots[i], root, consistency.get(i)));
    }
    row.put("consistency_verify_us", micros(start));
    row.put(
        "consistency_hashes",
        Math.round(consistency.stream().mapToInt(List::size).average().orElse(0) * 10) / 10.0);
  }

  private static double micros(long start) {
    return Math.round((System.nanoTime() - start) / 1e3 / PROOFS * 100) / 100.0;
  }

  private static void check(boolean verified) {
    if (!verified) {
      throw new IllegalStateException("a proof the benchmark generated does not verify");
    }
  }
}
