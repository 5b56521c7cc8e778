/**
 * The sending side of a link: from a message accepted to its receipt. {@link
 * org.hotline.link.send.Outbox} accepts messages and stores them durably before answering; the
 * {@link org.hotline.link.send.Sequencer} gives queued messages their place in the outgoing log;
 * one {@link org.hotline.link.send.Dispatcher} per peer sends the log in batches and stores the
 * peer's receipts. The main class is the dispatcher, whose loop is the sending side.
 *
 * <p>The rule for what lives here: a class is here if only the sending side uses it. It may use
 * {@code entry}, {@code health} (blocks, backoff) and the shared types of {@code org.hotline.link};
 * it never uses {@code receive}, and {@code receive} never uses it. Within the link only the facade
 * {@code Links} uses it; outside the link, only {@link org.hotline.link.send.Outbox} is public and
 * intended (the API, the console and the node submit messages and responses through it, reached by
 * {@code Links.outbox()}).
 */
package org.hotline.link.send;
