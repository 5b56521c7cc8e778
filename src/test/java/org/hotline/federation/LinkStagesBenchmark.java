package org.hotline.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.hotline.Json;
import org.hotline.identity.LogOrigin;
import org.hotline.link.LinkPair;
import org.hotline.link.LinkStore;
import org.hotline.link.LogAppender;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.health.Backoff;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What each step of delivering a message costs on its own, per message, in one thread: the figures
 * behind "where the CPU goes" in docs/BENCHMARKS.md. Messages as {@code hotline bench} sends them
 * (1 KiB bodies), in batches of {@link #BATCH}. Run by {@link LinkStagesBenchmarkTest}.
 *
 * <ul>
 *   <li>{@code entry_encode_and_read_back}: an entry encoded at its place and read back by the
 *       reader before it may be signed (the sequencer; the outbox does the same once at queueing);
 *   <li>{@code entry_decode}: the receiver reading an entry;
 *   <li>{@code tree_append}: the leaf hash and the Merkle tree's new nodes;
 *   <li>{@code checkpoint_sign}, {@code cosignature_verify}: Ed25519 once per batch, per message;
 *   <li>{@code batch_json_write}, {@code batch_json_read}: the batch's body on the wire (base64
 *       entries in JSON, {@link Wire.BatchRequest});
 *   <li>{@code link_in_one_process}: the whole link without HTTP: the outbox accepts a batch of
 *       messages (one transaction), the dispatcher sequences it, the receiver checks and stores it,
 *       the sender stores the receipt; two real SQLite files with {@code synchronous=FULL}.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LinkStagesBenchmark {
  /** Entries per batch, as the link sends under load. */
  static final int BATCH = 256;

  private static final ObjectMapper JSON = Json.mapper();
  private static final LogOrigin LOG = LinkPair.usToCn();

  private final String body = "x".repeat(1024);
  private final List<MessageEntry> entries = new ArrayList<>();
  private final List<byte[]> encoded = new ArrayList<>();
  private NoteSigner signer;
  private NoteVerifier verifier;
  private String checkpointBody;
  private String cosigned;
  private byte[] batchJson;
  private Path dir;
  private LinkPair pair;
  private int round;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Random random = new Random(1);
    Instant now = Instant.parse("2026-12-07T00:00:00Z");
    for (int i = 0; i < BATCH; i++) {
      Draft draft =
          new Draft(
              LinkPair.CN, Precedence.ROUTINE, StatusFlag.TEST, "Message " + i, body, "en", null);
      MessageEntry entry =
          new MessageEntry(LOG, i + 1, MessageId.generate(now, random), now, draft);
      entries.add(entry);
      encoded.add(EntryCodec.signable(entry, EntryCodec.FORMAT_VERSION));
    }
    signer = NoteSigner.generate("us", new SecureRandom());
    NoteSigner peer = NoteSigner.generate("cn", new SecureRandom());
    verifier = peer.verifier();
    LogAppender appender = new LogAppender(LinkStore.LogHead.EMPTY);
    encoded.forEach(appender::append);
    checkpointBody = new Checkpoint(LOG.text(), appender.size(), appender.root()).body();
    cosigned = SignedNote.sign(checkpointBody, peer).encode();
    List<String> base64 = new ArrayList<>();
    encoded.forEach(bytes -> base64.add(Base64.getEncoder().encodeToString(bytes)));
    batchJson =
        JSON.writeValueAsBytes(
            new Wire.BatchRequest(
                LOG.text(), 1, base64, SignedNote.sign(checkpointBody, signer).encode()));
    dir = Files.createTempDirectory("hotline-stages");
    pair = new LinkPair(dir);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    pair.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int entry_encode_and_read_back() {
    int bytes = 0;
    for (MessageEntry entry : entries) {
      bytes += EntryCodec.signable(entry, EntryCodec.FORMAT_VERSION).length;
    }
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int entry_decode() {
    int read = 0;
    for (byte[] bytes : encoded) {
      read += (int) EntryCodec.decode(bytes, LOG).seq();
    }
    return read;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] tree_append() {
    LogAppender appender = new LogAppender(LinkStore.LogHead.EMPTY);
    encoded.forEach(appender::append);
    return appender.root();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public String checkpoint_sign() {
    return SignedNote.sign(checkpointBody, signer).encode();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public boolean cosignature_verify() {
    return SignedNote.parse(cosigned).verifiedBy(verifier);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] batch_json_write() throws Exception {
    List<String> base64 = new ArrayList<>(BATCH);
    Base64.Encoder encoder = Base64.getEncoder();
    encoded.forEach(bytes -> base64.add(encoder.encodeToString(bytes)));
    return JSON.writeValueAsBytes(new Wire.BatchRequest(LOG.text(), 1, base64, checkpointBody));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int batch_json_read() throws Exception {
    Wire.BatchRequest request = JSON.readValue(batchJson, Wire.BatchRequest.class);
    Base64.Decoder decoder = Base64.getDecoder();
    int bytes = 0;
    for (String entry : request.entries()) {
      bytes += decoder.decode(entry).length;
    }
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public boolean link_in_one_process() {
    List<Draft> drafts = new ArrayList<>(BATCH);
    round++;
    for (int i = 0; i < BATCH; i++) {
      drafts.add(
          new Draft(
              LinkPair.CN,
              Precedence.ROUTINE,
              StatusFlag.TEST,
              "Round " + round + " message " + i,
              body,
              "en",
              null));
    }
    pair.us.outbox().submit(drafts);
    return pair.dispatcher(Backoff.standard(new Random(1))).round();
  }
}
