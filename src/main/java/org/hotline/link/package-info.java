/**
 * The link between two nodes: each node's outgoing log of signed entries, carried in batches to the
 * peer, which stores them and answers with receipts (docs/protocol.md). {@link
 * org.hotline.link.Links} is the facade the rest of the node uses; it builds the parts, and {@code
 * LinkRuntime} runs them: every thread of the link is started and stopped there.
 *
 * <p>The link is split by concept:
 *
 * <ul>
 *   <li>{@link org.hotline.link.entry}: the wire format of entries, what the log holds;
 *   <li>{@link org.hotline.link.send}: the sending side, from accepting a message to its receipt;
 *   <li>{@link org.hotline.link.receive}: the receiving side, from a batch to its receipt;
 *   <li>{@link org.hotline.link.health}: how each link is doing (heartbeats, link state, blocks,
 *       backoff, failover) and what the peer reads.
 * </ul>
 *
 * <p>This package keeps the facade and the types that several of these parts or the rest of the
 * node share: the storage interface ({@link org.hotline.link.LinkStore}), peers and the transport
 * to them ({@link org.hotline.link.Peer}, {@link org.hotline.link.PeerDirectory}, {@link
 * org.hotline.link.PeerTransport} with the batches, answers and capabilities it carries), the batch
 * limits both sides read, acknowledgement deadlines, the Merkle log appender, message records and
 * states, security events and alarms, proofs, and the checkpoint exchange. The rule: a class stays
 * here if two of the parts, or a part and the rest of the node, name it; otherwise it lives in the
 * part that uses it.
 *
 * <p>Arrows (checked by {@code PackageArrowsTest}): {@code entry} uses no other part; {@code send}
 * and {@code receive} never use each other; {@code health} uses neither; of this package's classes
 * the facade {@link org.hotline.link.Links} and its runtime use {@code send}, {@code receive} or
 * {@code health} (every class may use {@code entry}, the vocabulary of the log). Outside the link,
 * the node uses of the parts only their public faces: {@code send.Outbox}, {@code
 * receive.Receiver}, and {@code health.Heartbeats}, {@code LinkHealth}, {@code LinkBlocks} and
 * {@code Capabilities}.
 */
package org.hotline.link;
