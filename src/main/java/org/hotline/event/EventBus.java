package org.hotline.event;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hotline.OverloadedException;

/**
 * Fans events out to subscribers (the server-sent event stream, notifiers). Publishing never
 * blocks: each subscriber has a bounded queue, and a subscriber that falls that far behind is
 * dropped and told so, rather than slowing the node. Thread-safe.
 */
public final class EventBus {
  /** Events waiting for one subscriber; a console that cannot take this many is not keeping up. */
  public static final int SUBSCRIBER_QUEUE_MAX = 1_000;

  /** Live subscribers (open consoles, program streams, notifiers). */
  public static final int SUBSCRIBERS_MAX = 256;

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
  private final List<Consumer<Event>> observers = new CopyOnWriteArrayList<>();

  public EventBus(Clock clock) {
    this.clock = clock;
  }

  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // CopyOnWriteArraySet iterates a snapshot
  public Published publish(Event event) {
    Published published = new Published(ids.incrementAndGet(), clock.instant(), event);
    for (Consumer<Event> observer : observers) {
      observer.accept(event);
    }
    for (Subscription subscription : subscriptions) {
      if (!subscription.queue.offer(published)) {
        subscription.overflowed = true;
        subscriptions.remove(subscription);
      }
    }
    return published;
  }

  /**
   * Calls {@code observer} with every event from now on, on the publishing thread, before the
   * subscribers get it: for counters that must see every event even when no subscriber keeps up.
   * The observer must return at once and never throw; it cannot be removed, so it lives as long as
   * the bus.
   */
  public void observe(Consumer<Event> observer) {
    observers.add(observer);
  }

  /**
   * Subscribes; throws {@link OverloadedException} past {@link #SUBSCRIBERS_MAX}. Close the
   * subscription when done.
   */
  public Subscription subscribe() {
    if (subscriptions.size() >= SUBSCRIBERS_MAX) {
      throw new OverloadedException(
          SUBSCRIBERS_MAX + " event subscribers are connected", java.time.Duration.ofSeconds(5));
    }
    Subscription subscription = new Subscription();
    subscriptions.add(subscription);
    return subscription;
  }

  /** One subscriber's view of the stream. Used by one consumer thread. */
  public final class Subscription implements AutoCloseable {
    private final BlockingQueue<Published> queue = new ArrayBlockingQueue<>(SUBSCRIBER_QUEUE_MAX);
    private volatile boolean overflowed;

    /**
     * The next event, or null after {@code timeoutMillis}; throws if this subscriber fell behind
     * and was dropped.
     */
    public Published next(long timeoutMillis) throws InterruptedException {
      Published event = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      if (event == null && overflowed) {
        throw new IllegalStateException(
            "event subscriber fell " + SUBSCRIBER_QUEUE_MAX + " events behind and was dropped");
      }
      return event;
    }

    public boolean overflowed() {
      return overflowed;
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }
}
