package org.hotline.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.hotline.Json;

/**
 * A stream of messages submitted to one node's API by several concurrent clients, as a busy
 * operations centre would: single messages and batches of random size, mixed precedence and status,
 * bodies of random length. It records every id the node answered with 201, in the order each client
 * got them, and every submission that got no answer at all (the node died under it).
 *
 * <p>A stream is started once and read after {@link #await}; {@link #acceptedCount} may be read at
 * any time. Thread-safe.
 */
public final class Traffic {
  /**
   * @param order the message's place among everything its client had accepted, from 0; a later
   *     order was submitted after the earlier one was answered
   */
  public record Sent(
      String id, String precedence, String status, String subject, int client, int order) {}

  /** A submission the node never answered: its messages may or may not have been stored. */
  public record Unanswered(List<String> subjects, String error) {}

  /**
   * How the stream behaves.
   *
   * @param clients concurrent API clients
   * @param submissionMessagesMax each submission holds 1 to this many messages
   * @param pause each client waits this long after each submission (pacing)
   * @param survivesNodeDeath whether a submission without an answer ends that client quietly
   *     (recorded as {@link Unanswered}) instead of failing the stream
   */
  public record Options(
      int clients,
      int submissionMessagesMax,
      Duration pause,
      boolean survivesNodeDeath,
      long seed) {
    public static Options concurrent(long seed) {
      return new Options(4, 40, Duration.ZERO, false, seed);
    }

    public Options paced(Duration pauseAfterEachSubmission) {
      return new Options(
          clients, submissionMessagesMax, pauseAfterEachSubmission, survivesNodeDeath, seed);
    }

    public Options survivingNodeDeath() {
      return new Options(clients, submissionMessagesMax, pause, true, seed);
    }
  }

  /**
   * A 503 is the node asking the client to come back; it is asked at most this often per
   * submission.
   */
  static final int OVERLOAD_RETRIES_MAX = 50;

  private static final String[] PRECEDENCES = {"FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"};

  /** Out of 100: urgent traffic is rarer than routine, as in life. */
  private static final int[] PRECEDENCE_WEIGHTS = {5, 15, 30, 50};

  private static final String[] STATUSES = {"ACTUAL", "EXERCISE", "TEST"};

  private final Api api;
  private final String to;
  private final String tag;
  private final int total;
  private final int maximum;
  private final BooleanSupplier enough;
  private final Options options;
  private final AtomicInteger claimed = new AtomicInteger();
  private final AtomicInteger acceptedCount = new AtomicInteger();
  private final List<List<Sent>> acceptedByClient = new ArrayList<>();
  private final List<Unanswered> unanswered = Collections.synchronizedList(new ArrayList<>());
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();
  private final Runnable afterEachAcceptance;

  private Traffic(
      Api api,
      String to,
      String tag,
      int total,
      int maximum,
      BooleanSupplier enough,
      Options options,
      Runnable afterEachAcceptance) {
    this.api = api;
    this.to = to;
    this.tag = tag;
    this.total = total;
    this.maximum = maximum;
    this.enough = enough;
    this.options = options;
    this.afterEachAcceptance = afterEachAcceptance;
  }

  /** Starts {@code total} messages to {@code to}; subjects start with {@code tag}. */
  public static Traffic start(Api api, String to, String tag, int total, Options options) {
    return start(api, to, tag, total, options, () -> {});
  }

  /**
   * As {@link #start(Api, String, String, int, Options)}, running {@code afterEachAcceptance} on
   * the client's thread the moment each 201 has been read, before the client does anything else.
   */
  public static Traffic start(
      Api api, String to, String tag, int total, Options options, Runnable afterEachAcceptance) {
    return start(new Traffic(api, to, tag, total, total, () -> true, options, afterEachAcceptance));
  }

  /**
   * A stream of at least {@code minimum} messages that goes on until {@code enough} says so, and
   * stops at {@code maximum} whatever it says: for tests whose faults need traffic to hit, however
   * fast the machine delivers the minimum.
   */
  public static Traffic startUntil(
      Api api,
      String to,
      String tag,
      int minimum,
      int maximum,
      BooleanSupplier enough,
      Options options) {
    return start(new Traffic(api, to, tag, minimum, maximum, enough, options, () -> {}));
  }

  private static Traffic start(Traffic traffic) {
    Options options = traffic.options;
    for (int client = 0; client < options.clients(); client++) {
      List<Sent> accepted = new ArrayList<>();
      traffic.acceptedByClient.add(accepted);
      int number = client;
      traffic.threads.add(
          Thread.ofPlatform()
              .daemon()
              .name(traffic.tag + "-client-" + client)
              .start(() -> traffic.run(number, accepted)));
    }
    return traffic;
  }

  public int acceptedCount() {
    return acceptedCount.get();
  }

  /** Whether every client has stopped (done, failed, or its node died). */
  public boolean finished() {
    return threads.stream().noneMatch(Thread::isAlive);
  }

  /**
   * Waits for every client to finish; fails if a client hit an unexpected answer or is still
   * running.
   */
  public Result await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        if (!thread.join(Duration.ofMillis(left))) {
          throw new AssertionError(
              "stream "
                  + tag
                  + " still running after "
                  + timeout.toSeconds()
                  + " s; "
                  + acceptedCount()
                  + " accepted");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    if (!errors.isEmpty()) {
      throw new AssertionError("stream " + tag + " got unexpected answers: " + errors);
    }
    List<Sent> accepted = new ArrayList<>();
    acceptedByClient.forEach(accepted::addAll);
    return new Result(List.copyOf(accepted), List.copyOf(unanswered));
  }

  /** What the node answered: every accepted message, and the submissions it never answered. */
  public record Result(List<Sent> accepted, List<Unanswered> unanswered) {
    public List<String> ids() {
      return accepted.stream().map(Sent::id).toList();
    }

    public int unansweredMessages() {
      return unanswered.stream().mapToInt(u -> u.subjects().size()).sum();
    }
  }

  private void run(int client, List<Sent> accepted) {
    Random random = new Random(options.seed() * 31 + client);
    while (true) {
      int wanted = 1 + random.nextInt(options.submissionMessagesMax());
      int[] range = claim(wanted);
      int first = range[0];
      int count = range[1] - range[0];
      if (count <= 0) {
        return;
      }
      List<Map<String, String>> messages = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        messages.add(message(random, first + i, client));
      }
      try {
        if (!submit(random, messages, client, accepted)) {
          return;
        }
      } catch (RuntimeException e) {
        errors.add(client + ": " + e);
        return;
      }
      if (!options.pause().isZero()) {
        Await.sleep(options.pause());
      }
    }
  }

  /**
   * Claims up to {@code wanted} message indexes for one submission: {@code [first, end)}, empty
   * when the stream is done.
   */
  private int[] claim(int wanted) {
    while (true) {
      int first = claimed.get();
      int limit = enough.getAsBoolean() ? total : maximum;
      if (first >= limit) {
        return new int[] {first, first};
      }
      int end = Math.min(limit, first + wanted);
      if (claimed.compareAndSet(first, end)) {
        return new int[] {first, end};
      }
    }
  }

  private Map<String, String> message(Random random, int index, int client) {
    Map<String, String> message = new LinkedHashMap<>();
    message.put("to", to);
    message.put("precedence", precedence(random));
    message.put("status", STATUSES[random.nextInt(STATUSES.length)]);
    message.put("subject", tag + " c" + client + " #" + index);
    message.put("body", body(random, index));
    return message;
  }

  private static String precedence(Random random) {
    int roll = random.nextInt(100);
    for (int i = 0; i < PRECEDENCES.length; i++) {
      roll -= PRECEDENCE_WEIGHTS[i];
      if (roll < 0) {
        return PRECEDENCES[i];
      }
    }
    return PRECEDENCES[PRECEDENCES.length - 1];
  }

  private static String body(Random random, int index) {
    StringBuilder body = new StringBuilder("message ").append(index).append(' ');
    int length = random.nextInt(1_500);
    for (int i = 0; i < length; i++) {
      body.append((char) ('a' + random.nextInt(26)));
    }
    return body.toString();
  }

  /** Submits one request; false if the node never answered and the stream survives that. */
  private boolean submit(
      Random random, List<Map<String, String>> messages, int client, List<Sent> accepted) {
    boolean single = messages.size() == 1 && random.nextBoolean();
    String path = single ? "/api/v1/messages" : "/api/v1/messages/batch";
    String json = json(single ? messages.get(0) : Map.of("messages", messages));
    for (int attempt = 0; attempt < OVERLOAD_RETRIES_MAX; attempt++) {
      Api.Response response;
      try {
        response = api.post(path, json);
      } catch (IllegalStateException e) {
        if (options.survivesNodeDeath() && isNoAnswer(e)) {
          unanswered.add(
              new Unanswered(
                  messages.stream().map(m -> m.get("subject")).toList(),
                  String.valueOf(e.getCause())));
          return false;
        }
        throw e;
      }
      if (response.status() == 201) {
        afterEachAcceptance.run();
      }
      if (response.status() == 503) {
        Await.sleep(Duration.ofMillis(100));
        continue;
      }
      if (response.status() != 201) {
        throw new AssertionError(
            "POST " + path + " answered " + response.status() + ": " + response.raw().body());
      }
      List<JsonNode> answers = new ArrayList<>();
      if (single) {
        answers.add(response.body());
      } else {
        response.body().get("messages").forEach(answers::add);
      }
      if (answers.size() != messages.size()) {
        throw new AssertionError(
            "submitted " + messages.size() + " messages, got " + answers.size() + " ids back");
      }
      synchronized (accepted) {
        for (int i = 0; i < messages.size(); i++) {
          Map<String, String> message = messages.get(i);
          accepted.add(
              new Sent(
                  answers.get(i).get("id").asText(),
                  message.get("precedence"),
                  message.get("status"),
                  message.get("subject"),
                  client,
                  accepted.size()));
        }
      }
      acceptedCount.addAndGet(messages.size());
      return true;
    }
    throw new AssertionError(
        "POST " + path + " still overloaded after " + OVERLOAD_RETRIES_MAX + " tries");
  }

  private static boolean isNoAnswer(IllegalStateException e) {
    return e.getCause() instanceof IOException || e.getCause() instanceof HttpTimeoutException;
  }

  private static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
