package org.hotline.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hotline.Json;
import org.hotline.fuzz.Fuzzing;
import org.hotline.link.Batch;
import org.hotline.link.entry.EntryFuzzTest;
import org.hotline.link.health.HeartbeatFuzzTest;
import org.hotline.transcript.NoteFuzzTest;

/**
 * The bodies a peer posts to the federation port (docs/protocol.md §11), read as {@link
 * FederationServer} reads them: Jackson's {@link IOException} is the refusal the server turns into
 * a {@code bad-batch} problem. A body that reads reads back equal from its own JSON, and what it
 * carries (entries, checkpoint, heartbeat note) is handed to the target of that format, which holds
 * it to its own contract.
 */
public class WireFuzzTest {

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_batch_body_is_refused_or_reads_back_equal_and_its_parts_parse_or_are_refused(byte[] bytes)
      throws IOException {
    batch(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_pull_body_is_refused_or_reads_back_equal(byte[] bytes) throws IOException {
    pull(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_recovery_body_is_refused_or_reads_back_equal(byte[] bytes) throws IOException {
    recovery(bytes);
  }

  public static void recovery(byte[] bytes) throws IOException {
    read(bytes, Wire.RecoveryRequest.class);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_heartbeat_body_is_refused_or_reads_back_equal(byte[] bytes) throws IOException {
    heartbeat(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_checkpoint_exchange_body_is_refused_or_reads_back_equal(byte[] bytes) throws IOException {
    exchange(bytes);
  }

  public static void batch(byte[] bytes) throws IOException {
    Wire.BatchRequest request = read(bytes, Wire.BatchRequest.class);
    if (request == null
        || request.entries() == null
        || request.log() == null
        || request.checkpoint() == null) {
      return; // refused as bad-batch by the server
    }
    List<byte[]> entries = new ArrayList<>();
    for (String entry : request.entries()) {
      try {
        entries.add(Base64.getDecoder().decode(entry));
      } catch (IllegalArgumentException | NullPointerException notBase64) {
        return; // refused as bad-batch by the server
      }
    }
    Batch batch = new Batch(request.log(), request.firstSeq(), entries, request.checkpoint());
    for (byte[] entry : batch.entries()) {
      EntryFuzzTest.check(entry);
    }
    NoteFuzzTest.signedNote(request.checkpoint());
  }

  public static void pull(byte[] bytes) throws IOException {
    read(bytes, Wire.PullRequest.class);
  }

  public static void heartbeat(byte[] bytes) throws IOException {
    Wire.HeartbeatMessage message = read(bytes, Wire.HeartbeatMessage.class);
    if (message != null && message.note() != null) {
      HeartbeatFuzzTest.check(message.note());
    }
  }

  public static void exchange(byte[] bytes) throws IOException {
    read(bytes, Wire.ExchangeRequest.class);
  }

  /** The body as the server reads it, or null where the server refuses it as malformed. */
  private static <T> T read(byte[] bytes, Class<T> type) throws IOException {
    T value;
    try {
      value = Json.mapper().readValue(bytes, type);
    } catch (IOException refused) {
      return null;
    }
    if (value != null) {
      assertThat(Json.mapper().readValue(Json.mapper().writeValueAsBytes(value), type))
          .isEqualTo(value);
    }
    return value;
  }
}
