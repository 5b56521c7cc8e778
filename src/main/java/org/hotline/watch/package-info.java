/**
 * Guarantee 6 of the product brief, "deadlines hold": every message has an acknowledgement deadline
 * set by its precedence and link; the receiving side is reminded at half the deadline and escalated
 * at the deadline along an {@link org.hotline.watch.EscalationChain}; the sending side flags the
 * message ACK OVERDUE, notifies its own chain and puts a signed deadline-missed entry on the
 * record. An acknowledgement or decline stops everything at once; reading does not.
 *
 * <p>Domain code: time comes from an injected {@link java.time.Clock}, timers are evaluated by
 * {@link org.hotline.watch.Watch#tick()}, state lives behind {@link org.hotline.watch.WatchStore},
 * and notifications leave through the {@link org.hotline.watch.Notifier} interface, implemented at
 * the edge ({@code org.hotline.notify}). See docs/watch.md.
 */
package org.hotline.watch;
