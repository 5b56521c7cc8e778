package org.hotline.record;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs {@code work} over a stream of items on a pool of threads, in chunks, and hands the results
 * to {@code inOrder} in the order the items came, on the thread that adds them. So a verifier can
 * decode and hash entries on every core while the tree is still extended one entry after the other.
 * At most {@code chunksInFlight} chunks wait or run at once: adding blocks beyond that, which
 * bounds memory whatever the size of the log.
 *
 * <p>Not thread-safe: one thread adds items and calls {@link #finish}.
 */
final class OrderedPipeline<I, O> implements AutoCloseable {
  private final ExecutorService workers;
  private final int chunkItems;
  private final int chunksInFlight;
  private final Function<I, O> work;
  private final Consumer<O> inOrder;
  private final Deque<Future<List<O>>> inFlight = new ArrayDeque<>();
  private List<I> chunk;

  OrderedPipeline(
      int threads, int chunkItems, int chunksInFlight, Function<I, O> work, Consumer<O> inOrder) {
    if (threads < 1 || chunkItems < 1 || chunksInFlight < 1) {
      throw new IllegalArgumentException(
          "threads, chunk size and chunks in flight must be positive");
    }
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            runnable -> Thread.ofPlatform().name("verify-worker").daemon().unstarted(runnable));
    this.chunkItems = chunkItems;
    this.chunksInFlight = chunksInFlight;
    this.work = work;
    this.inOrder = inOrder;
    this.chunk = new ArrayList<>(chunkItems);
  }

  /** Adds the next item; may hand earlier results to {@code inOrder} first. */
  void add(I item) {
    chunk.add(item);
    if (chunk.size() == chunkItems) {
      submit();
    }
  }

  /** Processes what is left and hands every remaining result over, in order. */
  void finish() {
    if (!chunk.isEmpty()) {
      submit();
    }
    while (!inFlight.isEmpty()) {
      deliverOldest();
    }
  }

  private void submit() {
    List<I> items = chunk;
    chunk = new ArrayList<>(chunkItems);
    while (inFlight.size() >= chunksInFlight) {
      deliverOldest();
    }
    inFlight.addLast(
        workers.submit(
            () -> {
              List<O> results = new ArrayList<>(items.size());
              for (I item : items) {
                results.add(work.apply(item));
              }
              return results;
            }));
    while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
      deliverOldest();
    }
  }

  private void deliverOldest() {
    List<O> results;
    try {
      results = inFlight.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("verifying a chunk of entries failed", e.getCause());
    }
    results.forEach(inOrder);
  }

  @Override
  public void close() {
    inFlight.forEach(future -> future.cancel(true));
    workers.shutdownNow();
  }
}
