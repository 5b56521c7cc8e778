/**
 * Third-party witnesses of direction logs, following <a
 * href="https://github.com/C2SP/C2SP/blob/main/tlog-witness.md">C2SP tlog-witness</a>.
 *
 * <p>Two roles, each optional on any node:
 *
 * <ul>
 *   <li>{@link org.hotline.witness.Witness}: a node acting as witness for configured logs. It
 *       cosigns a log's checkpoint only if the checkpoint is signed by the log's known key and is
 *       consistent (RFC 9162 §2.1.4) with the last checkpoint it cosigned for that log, so that a
 *       writer who showed two different histories to two audiences is caught by whoever compares
 *       cosigned checkpoints.
 *   <li>{@link org.hotline.witness.Witnessing}: a node submitting the checkpoints of its outgoing
 *       logs to a witness, with the consistency proof from the size that witness last cosigned, and
 *       keeping the witness's cosignature beside the peer's receipt.
 * </ul>
 *
 * The witness's cosignatures are C2SP tlog-cosignature lines by a key of its own, never by a
 * party's signing key: a Hotline cosignature by a party's key means "received and stored", and a
 * witness has stored nothing but the tree head. Operating a witness: docs/witness.md.
 */
package org.hotline.witness;
