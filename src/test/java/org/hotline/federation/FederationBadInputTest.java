package org.hotline.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.TlsIdentity;
import org.hotline.link.Batch;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.testing.Api;
import org.hotline.testing.Nodes;
import org.hotline.testing.TestPeer;
import org.hotline.transcript.NoteSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guarantees 3 and 8 on the federation port: a pinned peer ("mallory", a {@link TestPeer} with real
 * keys over real mutual TLS) sends every kind of bad batch to a real node ("cn"). Each is refused
 * with a precise RFC 9457 problem; forged and conflicting ones are kept as evidence and raised as
 * security events; nothing stored changes. All cases run against the same node, and the last test
 * shows that the node, after all of it, still takes honest traffic from a real peer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationBadInputTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir static Path dir;

  private Node cn;
  private Node us;
  private Api cnApi;
  private TestPeer mallory;

  @BeforeAll
  void start_a_node_with_an_honest_peer_and_a_pinned_test_peer() {
    cn = Nodes.start(Nodes.init(dir, "cn"));
    us = Nodes.start(Nodes.init(dir, "us"));
    Nodes.pair(us, cn);
    cnApi = new Api(cn.home(), cn.apiPort());
    mallory = TestPeer.pinnedOn(cn, "mallory");
    mallory.deliver(3);
    mallory.deliver(2);
  }

  @AfterAll
  void stop() {
    mallory.close();
    us.close();
    cn.close();
  }

  // ------------------------------------------------------------------ forged and conflicting

  @Test
  void a_checkpoint_signed_with_another_key_is_refused_kept_and_raised() {
    List<byte[]> entries = mallory.nextEntries(2);
    NoteSigner forger = NoteSigner.generate(IdentityCard.signingKeyName(mallory.id()), RANDOM);
    String forged =
        TestPeer.checkpoint(forger, mallory.log(), mallory.size() + 2, mallory.rootWith(entries));
    Batch batch = new Batch(mallory.log().text(), mallory.size() + 1, entries, forged);

    refusedAndRaised(
        batch,
        422,
        "bad-signature",
        "signature does not verify against the pinned key of mallory",
        "bad-signature",
        forged);
  }

  @Test
  void a_batch_whose_entries_do_not_give_the_signed_root_is_refused_kept_and_raised() {
    List<byte[]> sent = mallory.nextEntries(2);
    List<byte[]> signed = mallory.nextEntries(2);
    Batch batch =
        new Batch(
            mallory.log().text(),
            mallory.size() + 1,
            sent,
            mallory.checkpoint(mallory.size() + 2, mallory.rootWith(signed)));

    refusedAndRaised(
        batch,
        422,
        "root-mismatch",
        "does not give the signed root",
        "root-mismatch",
        base64(sent.get(0)));
  }

  @Test
  void an_entry_in_another_partys_log_is_receipted_as_uninterpretable_and_raised() {
    LogOrigin usToCn = new LogOrigin(us.home().party(), cn.home().party());
    List<byte[]> entries =
        List.of(TestPeer.message(usToCn, mallory.size() + 1, "I am the United States"));

    receiptedAsUninterpretable(
        mallory.honestBatch(entries),
        "claims log hotline/us/cn",
        List.of("wrong-sender", "uninterpretable-entry"));
  }

  @Test
  void an_entry_whose_sender_is_another_party_is_receipted_as_uninterpretable_and_raised() {
    byte[] own = mallory.nextEntries(1).get(0);
    byte[] impersonating = replaceOnce(own, "\"from\":\"mallory\"", "\"from\":\"us\"");

    receiptedAsUninterpretable(
        mallory.honestBatch(List.of(impersonating)),
        "says it is from us, but its log hotline/mallory/cn is written by mallory",
        List.of("wrong-sender", "uninterpretable-entry"));
  }

  @Test
  void a_different_entry_for_a_stored_sequence_number_is_refused_kept_and_raised() {
    long last = mallory.size();
    byte[] stored = mallory.accepted().get((int) last - 1);
    byte[] other = TestPeer.message(mallory.log(), last, "a second entry " + last);
    List<byte[]> fork = new ArrayList<>(mallory.accepted().subList(0, (int) last - 1));
    fork.add(other);
    Batch batch =
        new Batch(
            mallory.log().text(),
            last,
            List.of(other),
            mallory.checkpoint(last, TestPeer.root(fork)));

    JsonNode event =
        refusedAndRaised(
            batch,
            409,
            "conflicting-entry",
            "entry " + last + " differs from the entry already stored",
            "conflicting-entry",
            base64(other));
    assertThat(event.get("evidence").asText()).as("both entries are kept").contains(base64(stored));
  }

  @Test
  void a_checkpoint_that_contradicts_the_stored_one_for_the_same_size_is_refused_kept_and_raised() {
    Batch accepted = mallory.deliver(1);
    String contradicting =
        mallory.checkpoint(accepted.endSize(), TestPeer.root(mallory.nextEntries(1)));
    Batch batch = new Batch(accepted.log(), accepted.firstSeq(), accepted.entries(), contradicting);

    JsonNode event =
        refusedAndRaised(
            batch,
            409,
            "conflicting-entry",
            "checkpoint for size " + accepted.endSize() + " differs",
            "conflicting-checkpoint",
            contradicting);
    assertThat(event.get("evidence").asText())
        .as("both checkpoints are kept")
        .contains(accepted.checkpoint());
  }

  // ------------------------------------------------------------------ position

  @Test
  void a_batch_that_skips_a_sequence_number_is_refused_with_the_size_to_resume_from() {
    List<byte[]> entries = mallory.nextEntries(2);
    String checkpoint = mallory.checkpoint(mallory.size() + 2, mallory.rootWith(entries));
    Batch gap =
        new Batch(mallory.log().text(), mallory.size() + 2, entries.subList(1, 2), checkpoint);

    TestPeer.Response response =
        refused(() -> mallory.push(gap), 409, "gap", "send from " + (mallory.size() + 1));
    assertThat(response.json().get("size").asLong()).isEqualTo(mallory.size());
  }

  @Test
  void an_exact_replay_of_an_accepted_batch_changes_nothing_and_shows_no_duplicate() {
    Batch accepted = mallory.deliver(2);

    TestPeer.Response response =
        refused(() -> mallory.push(accepted), 409, "already-stored", "already stored");
    assertThat(response.json().get("size").asLong()).isEqualTo(mallory.size());
    for (byte[] entry : accepted.entries()) {
      String id = ((MessageEntry) EntryCodec.decode(entry)).id().toString();
      assertThat(inbox().findValuesAsText("id"))
          .as("message %s is shown once", id)
          .containsOnlyOnce(id);
    }
  }

  @Test
  void a_peer_may_write_only_its_own_log_to_this_node() {
    List<byte[]> entries = mallory.nextEntries(1);
    LogOrigin usToCn = new LogOrigin(us.home().party(), cn.home().party());
    Batch asUs =
        new Batch(
            usToCn.text(),
            1,
            entries,
            TestPeer.checkpoint(mallory.signer(), usToCn, 1, TestPeer.root(entries)));
    refused(
        () -> mallory.push(asUs),
        403,
        "wrong-log",
        "mallory may only write log hotline/mallory/cn, not hotline/us/cn");

    LogOrigin malloryToUs = new LogOrigin(mallory.id(), us.home().party());
    Batch toUs =
        new Batch(
            malloryToUs.text(),
            1,
            entries,
            TestPeer.checkpoint(mallory.signer(), malloryToUs, 1, TestPeer.root(entries)));
    refused(() -> mallory.push(toUs), 403, "wrong-log", "not hotline/mallory/us");

    refused(() -> mallory.state(usToCn.text()), 403, "wrong-log", "not hotline/us/cn");
  }

  // ------------------------------------------------------------------ recovery (§11.8)

  @Test
  void a_peer_recovers_its_own_log_from_this_node_batch_by_batch_with_the_receipts() {
    List<byte[]> fetched = new ArrayList<>();
    String held = null;
    long after = 0;
    while (true) {
      TestPeer.Response page = mallory.recovery(mallory.log().text(), after);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      JsonNode body = page.json();
      assertThat(body.get("size").asLong()).isEqualTo(mallory.size());
      assertThat(body.get("checkpoint").asText()).contains("— hotline/cn ");
      if (held != null) {
        assertThat(body.get("checkpoint").asText()).isEqualTo(held);
      }
      held = body.get("checkpoint").asText();
      if (after == mallory.size()) {
        assertThat(body.get("first_seq").isNull()).isTrue();
        assertThat(body.get("entries")).isEmpty();
        assertThat(body.get("receipt").isNull()).isTrue();
        break;
      }
      assertThat(body.get("first_seq").asLong()).isEqualTo(after + 1);
      body.get("entries").forEach(entry -> fetched.add(Base64.getDecoder().decode(entry.asText())));
      after = fetched.size();
      assertThat(body.get("receipt").asText())
          .startsWith(mallory.log().text() + "\n" + after + "\n")
          .contains("— hotline/mallory ")
          .contains("— hotline/cn ");
    }
    assertThat(fetched).containsExactlyElementsOf(mallory.accepted());
  }

  @Test
  void a_peer_may_recover_only_its_own_log() {
    LogOrigin usToCn = new LogOrigin(us.home().party(), cn.home().party());
    refused(() -> mallory.recovery(usToCn.text(), 0), 403, "wrong-log", "not hotline/us/cn");
  }

  @Test
  void a_recovery_from_beyond_what_this_node_holds_gets_what_it_holds_and_no_entries() {
    TestPeer.Response page = mallory.recovery(mallory.log().text(), mallory.size() + 7);
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.json().get("size").asLong()).isEqualTo(mallory.size());
    assertThat(page.json().get("first_seq").isNull()).isTrue();
    assertThat(page.json().get("entries")).isEmpty();
  }

  @ParameterizedTest(name = "{0} is refused as a bad batch")
  @MethodSource("malformed_recoveries")
  void a_malformed_recovery_request_is_refused_as_a_bad_batch(Malformed request) {
    refused(
        () -> mallory.postRecovery(request.body().getBytes(StandardCharsets.UTF_8)),
        400,
        "bad-batch",
        request.detail());
  }

  static Stream<Named<Malformed>> malformed_recoveries() {
    String log = "hotline/mallory/cn";
    return Stream.of(
        malformed("not JSON", "log=" + log, "not valid JSON"),
        malformed("JSON null", "null", "a recovery request needs log and after >= 0"),
        malformed(
            "a negative after",
            "{\"log\":\"" + log + "\",\"after\":-1}",
            "a recovery request needs log and after >= 0"),
        malformed(
            "no after",
            "{\"log\":\"" + log + "\"}",
            "field 'after' is missing or of the wrong type"),
        malformed(
            "an unknown field",
            "{\"log\":\"" + log + "\",\"after\":0,\"size\":1}",
            "unknown field 'size'"));
  }

  // ------------------------------------------------------------------ shape and size

  @Test
  void a_batch_of_more_than_256_entries_is_refused_as_oversized() {
    Batch batch = mallory.honestBatch(mallory.nextEntries(257));
    refused(() -> mallory.push(batch), 413, "oversized", "a batch holds 1 to 256 entries, got 257");
  }

  @Test
  void a_batch_of_no_entries_is_refused_as_malformed() {
    Batch batch =
        new Batch(
            mallory.log().text(),
            mallory.size() + 1,
            List.of(),
            mallory.checkpoint(mallory.size(), mallory.rootWith(List.of())));
    refused(() -> mallory.push(batch), 400, "bad-batch", "a batch holds 1 to 256 entries, got 0");
  }

  @Test
  void a_request_body_over_8_mib_is_refused_as_oversized() {
    byte[] body = new byte[(int) FederationServer.REQUEST_BYTES_MAX + 1];
    Arrays.fill(body, (byte) ' ');
    refused(
        () -> mallory.postBatch(body),
        413,
        "oversized",
        "over the limit of " + FederationServer.REQUEST_BYTES_MAX + " bytes");
  }

  @Test
  void an_entry_that_is_not_base64_is_refused() {
    Batch honest = mallory.honestBatch(mallory.nextEntries(1));
    String body =
        "{\"log\":\""
            + honest.log()
            + "\",\"first_seq\":"
            + honest.firstSeq()
            + ",\"entries\":[\"not*base64!\"],\"checkpoint\":"
            + Json.mapper().valueToTree(honest.checkpoint())
            + "}";
    refused(
        () -> mallory.postBatch(body.getBytes(StandardCharsets.UTF_8)),
        400,
        "bad-batch",
        "entry " + honest.firstSeq() + " is not base64");
  }

  @Test
  void an_entry_not_in_canonical_form_is_receipted_as_uninterpretable_and_raised() {
    byte[] canonical = mallory.nextEntries(1).get(0);
    byte[] spaced = replaceOnce(canonical, "\"kind\":", " \"kind\": ");

    receiptedAsUninterpretable(
        mallory.honestBatch(List.of(spaced)),
        "is not in canonical form",
        List.of("uninterpretable-entry"));
  }

  @Test
  void an_honest_answer_carries_no_uninterpretable_field() {
    TestPeer.Response answer = mallory.deliver(mallory.honestBatch(mallory.nextEntries(2)));

    assertThat(answer.json().fieldNames())
        .toIterable()
        .containsExactly("log", "size", "cosignature");
  }

  /** A malformed request body and the words its problem detail must contain. */
  record Malformed(String body, String detail) {}

  Stream<Named<Malformed>> malformed_bodies() {
    String log = "hotline/mallory/cn";
    return Stream.of(
        malformed(
            "JSON cut short",
            "{\"log\":\"" + log + "\",\"first_seq\":1,\"entries\":[",
            "not valid JSON"),
        malformed("not JSON at all", "log=" + log, "not valid JSON"),
        malformed("an empty body", "", "not valid JSON"),
        malformed("JSON null", "null", "log, first_seq, entries and checkpoint are required"),
        malformed("a JSON array", "[]", "not valid JSON of the expected shape"),
        malformed(
            "an unknown field",
            "{\"log\":\""
                + log
                + "\",\"first_seq\":1,\"entries\":[],\"checkpoint\":\"x\",\"extra\":1}",
            "unknown field 'extra'"),
        malformed(
            "a field given twice",
            "{\"log\":\""
                + log
                + "\",\"first_seq\":1,\"entries\":[],\"checkpoint\":\"x\",\"log\":\"hotline/us/cn\"}",
            "field 'log' is given twice"),
        malformed(
            "first_seq of the wrong type",
            "{\"log\":\"" + log + "\",\"first_seq\":\"one\",\"entries\":[],\"checkpoint\":\"x\"}",
            "field 'first_seq' is missing or of the wrong type"),
        malformed(
            "entries of the wrong type",
            "{\"log\":\"" + log + "\",\"first_seq\":1,\"entries\":\"e30=\",\"checkpoint\":\"x\"}",
            "field 'entries' is missing or of the wrong type"),
        malformed(
            "no entries field",
            "{\"log\":\"" + log + "\",\"first_seq\":1,\"checkpoint\":\"x\"}",
            "log, first_seq, entries and checkpoint are required"),
        malformed(
            "no first_seq",
            "{\"log\":\"" + log + "\",\"entries\":[\"e30=\"],\"checkpoint\":\"x\"}",
            "field 'first_seq' is missing or of the wrong type"),
        malformed(
            "first_seq of 0",
            "{\"log\":\"" + log + "\",\"first_seq\":0,\"entries\":[\"e30=\"],\"checkpoint\":\"x\"}",
            "first_seq must be at least 1"),
        malformed(
            "a null entry",
            "{\"log\":\"" + log + "\",\"first_seq\":1,\"entries\":[null],\"checkpoint\":\"x\"}",
            "entry 1 is not base64"),
        malformed(
            "a checkpoint that is not a signed note",
            "{\"log\":\"" + log + "\",\"first_seq\":1,\"entries\":[\"e30=\"],\"checkpoint\":\"x\"}",
            "checkpoint is malformed"));
  }

  private static Named<Malformed> malformed(String description, String body, String detail) {
    return Named.of(description, new Malformed(body, detail));
  }

  @ParameterizedTest(name = "{0} is refused as a bad batch")
  @MethodSource("malformed_bodies")
  void a_malformed_request_is_refused_as_a_bad_batch(Malformed request) {
    refused(
        () -> mallory.postBatch(request.body().getBytes(StandardCharsets.UTF_8)),
        400,
        "bad-batch",
        request.detail());
  }

  // ------------------------------------------------------------------ the handshake

  @Test
  void a_client_with_a_certificate_that_is_not_pinned_fails_the_handshake() {
    try (TestPeer stranger = TestPeer.stranger(cn, "stranger")) {
      SSLContext unpinned = Tls.context(stranger.tls(), stranger.nodeFingerprint()::equals);
      assertHandshakeRefused(unpinned);
    }
  }

  @Test
  void a_client_without_a_certificate_fails_the_handshake() throws Exception {
    SSLContext noCertificate = SSLContext.getInstance("TLSv1.3");
    noCertificate.init(
        new KeyManager[0], new TrustManager[] {new TrustOnly(mallory.nodeFingerprint())}, RANDOM);
    assertHandshakeRefused(noCertificate);
  }

  @Test
  void the_same_client_with_a_pinned_certificate_is_served() throws Exception {
    HttpResponse<String> response =
        mallory.stateOver(Tls.context(mallory.tls(), mallory.nodeFingerprint()::equals));
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private void assertHandshakeRefused(SSLContext tls) {
    Snapshot before = snapshot();
    assertThatThrownBy(() -> mallory.stateOver(tls))
        .isInstanceOf(IOException.class)
        .satisfies(
            e ->
                assertThat(causes(e))
                    .as("the node refused at the handshake: %s", e)
                    .anyMatch(FederationBadInputTest::refusedByTheNode));
    assertThat(snapshot()).isEqualTo(before);
  }

  // ------------------------------------------------------------------ and afterwards

  @Test
  @Order(Integer.MAX_VALUE)
  void after_all_this_the_honest_peers_still_deliver() throws Exception {
    mallory.deliver(1);

    Api usApi = new Api(us.home(), us.apiPort());
    Api.Response sent =
        usApi.post(
            "/api/v1/messages",
            "{\"to\":\"cn\",\"precedence\":\"FLASH\",\"subject\":\"still there?\",\"body\":\"text\"}");
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    String id = sent.body().get("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String state = "";
    while (System.nanoTime() < deadline && !state.equals("DELIVERED")) {
      Thread.sleep(20);
      state = usApi.get("/api/v1/messages/" + id).body().get("state").asText();
    }
    assertThat(state).isEqualTo("DELIVERED");
    assertThat(inbox().findValuesAsText("id")).containsOnlyOnce(id);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * What must not change: the node's inbox and what it holds of mallory's log, with its receipt.
   */
  record Snapshot(String inbox, String malloryLog) {}

  private Snapshot snapshot() {
    TestPeer.Response state = mallory.state();
    assertThat(state.status()).as(state.toString()).isEqualTo(200);
    assertThat(state.json().get("size").asLong())
        .as("the node holds what mallory delivered")
        .isEqualTo(mallory.size());
    return new Snapshot(inbox().toString(), state.json().toString());
  }

  private JsonNode inbox() {
    Api.Response page = cnApi.get("/api/v1/messages?box=inbox&limit=1000");
    assertThat(page.status()).isEqualTo(200);
    return page.body().get("items");
  }

  private List<JsonNode> securityEvents() {
    Api.Response events = cnApi.get("/api/v1/security-events?limit=1000");
    assertThat(events.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    events.body().get("events").forEach(out::add);
    return out;
  }

  /** Runs {@code attempt}, checks the problem it answers with, and that nothing stored changed. */
  private TestPeer.Response refused(Attempt attempt, int status, String type, String detailNames) {
    Snapshot before = snapshot();
    TestPeer.Response response = attempt.run();
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.contentType())
        .as(response.toString())
        .startsWith("application/problem+json");
    assertThat(response.json().get("type").asText())
        .as(response.toString())
        .isEqualTo("urn:hotline:problem:" + type);
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("detail").asText())
        .as(response.toString())
        .contains(detailNames);
    assertThat(snapshot()).as("nothing stored changed").isEqualTo(before);
    return response;
  }

  /**
   * The batch, whose one entry cannot be interpreted, is receipted and stored all the same (the
   * peer's view of the log grows by it, the inbox does not); the answer names the entry, and new
   * security events of {@code kinds} (newest last) keep the entry as evidence.
   */
  private void receiptedAsUninterpretable(Batch batch, String reason, List<String> kinds) {
    int eventsBefore = securityEvents().size();
    String inboxBefore = inbox().toString();

    TestPeer.Response answer = mallory.deliver(batch);

    JsonNode listed = answer.json().get("uninterpretable");
    assertThat(listed).as(answer.toString()).hasSize(1);
    assertThat(listed.get(0).get("seq").asLong()).isEqualTo(batch.firstSeq());
    assertThat(listed.get(0).get("reason").asText()).contains(reason);
    assertThat(mallory.state().json().get("size").asLong()).isEqualTo(batch.endSize());
    assertThat(inbox().toString()).isEqualTo(inboxBefore);
    List<JsonNode> events = securityEvents().subList(0, kinds.size());
    assertThat(securityEvents()).hasSize(eventsBefore + kinds.size());
    assertThat(events.reversed()).extracting(e -> e.get("kind").asText()).isEqualTo(kinds);
    for (JsonNode event : events) {
      assertThat(event.get("peer").asText()).isEqualTo("mallory");
      assertThat(event.get("evidence").asText()).contains(base64(batch.entries().get(0)));
    }
  }

  /** As {@link #refused}, and a new security event of {@code kind} keeps {@code evidence}. */
  private JsonNode refusedAndRaised(
      Batch batch, int status, String type, String detailNames, String kind, String evidence) {
    int eventsBefore = securityEvents().size();
    refused(() -> mallory.push(batch), status, type, detailNames);
    List<JsonNode> events = securityEvents();
    assertThat(events).as("one new security event").hasSize(eventsBefore + 1);
    JsonNode event = events.get(0);
    assertThat(event.get("kind").asText()).isEqualTo(kind);
    assertThat(event.get("peer").asText()).isEqualTo("mallory");
    assertThat(event.get("detail").asText()).isNotBlank();
    assertThat(event.get("evidence").asText())
        .as("the evidence is kept verbatim")
        .contains(evidence);
    return event;
  }

  @FunctionalInterface
  interface Attempt {
    TestPeer.Response run();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] replaceOnce(byte[] entry, String from, String to) {
    String text = new String(entry, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    return text.replaceFirst(
            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The node's fatal alert (certificate_unknown, certificate_required), or the connection it reset.
   */
  private static boolean refusedByTheNode(Throwable cause) {
    return cause instanceof SSLHandshakeException handshake
            && String.valueOf(handshake.getMessage()).contains("Received fatal alert: certificate_")
        || cause instanceof SocketException;
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable c = e; c != null && out.size() < 16; c = c.getCause()) {
      out.add(c);
    }
    return out;
  }

  /** A client-side trust manager that trusts exactly one server certificate, by fingerprint. */
  private static final class TrustOnly extends X509ExtendedTrustManager {
    private final String fingerprint;

    TrustOnly(String fingerprint) {
      this.fingerprint = fingerprint;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null
          || chain.length == 0
          || !TlsIdentity.fingerprint(chain[0]).equals(fingerprint)) {
        throw new CertificateException("not the node's pinned certificate");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
