/**
 * The receiving side of a link: from a batch to its receipt. {@link
 * org.hotline.link.receive.Receiver}, the main class, checks a batch against the peer's signed
 * checkpoint and the stored log, stores it durably and answers with a cosigned receipt, or refuses
 * it with the position it expects; {@code InterpretedBatch} is what each entry of a checked batch
 * means; {@link org.hotline.link.receive.Puller} fetches the log of a peer that cannot reach this
 * node (pull mode) and hands it to the same receiver. The steps are those of docs/protocol.md §14.
 *
 * <p>The rule for what lives here: a class is here if only the receiving side uses it. It may use
 * {@code entry}, {@code health} (blocks, backoff) and the shared types of {@code org.hotline.link};
 * it never uses {@code send}, and {@code send} never uses it. Within the link only the facade
 * {@code Links} uses it; outside the link, only {@link org.hotline.link.receive.Receiver} is public
 * and intended (the federation port hands it the batches it is pushed).
 */
package org.hotline.link.receive;
