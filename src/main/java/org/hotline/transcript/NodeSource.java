package org.hotline.transcript;

/**
 * Where proof generation reads node hashes: any complete subtree {@code (level, index)} of an <a
 * href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1">RFC 9162 §2.1.1</a> tree, that is
 * the root of the perfect subtree over leaves {@code [index * 2^level, (index + 1) * 2^level)}, as
 * {@link Frontier.NodeSink} reports them; level 0 holds the leaf hashes.
 *
 * <p>{@link MerkleProofs} only asks for subtrees that are complete in the tree it was given, and
 * never modifies the arrays a source returns. A source asked for a subtree it does not hold should
 * throw: that is a broken store or a size beyond what was stored, not a bad proof.
 */
@FunctionalInterface
public interface NodeSource {

  /** The 32-byte hash of the complete subtree {@code (level, index)}. */
  byte[] node(int level, long index);
}
