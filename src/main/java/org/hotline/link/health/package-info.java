/**
 * How each link is doing, and what the peer reads. {@link org.hotline.link.health.Heartbeats}, the
 * main class, sends and answers signed {@link org.hotline.link.health.Heartbeat}s, keeps each
 * link's {@link org.hotline.link.health.LinkHealth} (round trip, clock offset, loss, state) and
 * drives failover between a peer's endpoints; {@link org.hotline.link.health.LinkBlocks} (with
 * {@code Refusals}, its counting rule) blocks a direction whose batches are refused; {@link
 * org.hotline.link.health.Backoff} is the wait after failures that both the dispatcher and the
 * puller use; {@link org.hotline.link.health.Capabilities} keeps what each peer reads, as last
 * learned from it.
 *
 * <p>The rule for what lives here: a class is here if it observes or reacts to the state of a link
 * rather than carrying its entries. It may use {@code entry} and the shared types of {@code
 * org.hotline.link}; it uses neither {@code send} nor {@code receive}, which both may use it.
 * Within the link only the facade {@code Links} (and {@code send}, {@code receive}) use it; outside
 * the link, {@link org.hotline.link.health.Heartbeats}, {@link org.hotline.link.health.LinkHealth},
 * {@link org.hotline.link.health.LinkBlocks} and {@link org.hotline.link.health.Capabilities} are
 * public and intended (the federation port answers heartbeats and reads what a caller reads, the
 * console shows link state and blocks, the node passes blocks on to the watch).
 */
package org.hotline.link.health;
