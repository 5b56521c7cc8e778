package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.time.Instant;
import org.hotline.HotlineException;
import org.hotline.Json;
import org.hotline.console.User;
import org.hotline.fuzz.Fuzzing;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.text.TextPolicy;

/**
 * The JSON bodies of the API (docs/openapi): a message, a batch of messages, an acknowledgement or
 * decline, an alert's acknowledgement. Each is read as its handler reads it, and is refused
 * (Jackson's {@link IOException} or a {@link HotlineException}, both a 4xx problem) or accepted.
 * What is accepted onto the record must be what the node's own reader, and so its peer's, accepts:
 * the entry it would sign decodes back to an equal entry (docs/protocol.md §3.3).
 */
public class RequestBodyFuzzTest {
  private static final PartyId SELF = PartyId.of("us");
  private static final MessageId ID = MessageId.parse("019ac9cc-4aba-7001-8000-000000000001");
  private static final MessageId ANSWERED = MessageId.parse("019ac9cc-5190-7002-8000-000000000002");
  private static final Instant CREATED = Instant.parse("2025-11-28T09:30:00.250Z");

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_message_is_refused_or_signed_as_an_entry_its_reader_accepts(byte[] bytes)
      throws IOException {
    message(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_batch_of_messages_is_refused_or_signed_as_entries_their_reader_accepts(byte[] bytes)
      throws IOException {
    batch(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void an_ack_or_decline_is_refused_or_signed_as_an_entry_its_reader_accepts(byte[] bytes)
      throws IOException {
    response(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void an_alert_acknowledgement_is_refused_or_names_a_valid_user(byte[] bytes) throws IOException {
    alertAck(bytes);
  }

  public static void message(byte[] bytes) throws IOException {
    MessagesApi.SendRequest request = read(bytes, MessagesApi.SendRequest.class);
    if (request != null) {
      signs(request);
    }
  }

  public static void batch(byte[] bytes) throws IOException {
    MessagesApi.BatchRequest request = read(bytes, MessagesApi.BatchRequest.class);
    if (request != null && request.messages() != null) {
      for (MessagesApi.SendRequest message : request.messages()) {
        if (message != null) {
          signs(message);
        }
      }
    }
  }

  public static void response(byte[] bytes) throws IOException {
    MessagesApi.ResponseRequest request = read(bytes, MessagesApi.ResponseRequest.class);
    if (request == null) {
      request = new MessagesApi.ResponseRequest(null, null, null);
    }
    String by = request.by() == null ? MessagesApi.API_USER : request.by();
    LogOrigin log = new LogOrigin(SELF, PartyId.of("cn"));
    signs(log, ResponseEntry.Kind.ACK, by, request.note());
    signs(log, ResponseEntry.Kind.DECLINE, by, request.reason());
  }

  public static void alertAck(byte[] bytes) throws IOException {
    AlertsApi.AckRequest request = read(bytes, AlertsApi.AckRequest.class);
    if (request == null || request.by() == null) {
      return;
    }
    try {
      assertThat(User.checkUsername(request.by())).isNotBlank();
    } catch (HotlineException refused) {
      // a 400 naming "by"
    }
  }

  private static void signs(MessagesApi.SendRequest request) {
    Entry entry;
    try {
      Draft draft = request.draft().admitted();
      entry = new MessageEntry(new LogOrigin(SELF, draft.to()), 0, ID, CREATED, draft);
    } catch (HotlineException refused) {
      return;
    }
    readsBack(entry);
  }

  private static void signs(LogOrigin log, ResponseEntry.Kind kind, String by, String note) {
    if (kind == ResponseEntry.Kind.DECLINE && (note == null || note.isBlank())) {
      return; // MessagesApi refuses a decline without a reason
    }
    Entry entry;
    try {
      entry =
          new ResponseEntry(
              log,
              0,
              ID,
              CREATED,
              kind,
              ANSWERED,
              TextPolicy.admit("by", by, TextPolicy.Lines.ONE),
              TextPolicy.admit("note", note, TextPolicy.Lines.MULTI));
    } catch (HotlineException refused) {
      return;
    }
    readsBack(entry);
  }

  /**
   * What the outbox does with admitted text: it is signable (the reader accepts the encoding and
   * reads back the same entry), or refused with the project's own exception.
   */
  private static void readsBack(Entry entry) {
    try {
      EntryCodec.checkSignable(entry, EntryCodec.FORMAT_VERSION);
    } catch (HotlineException refused) {
      return; // a 400: nothing is stored
    }
    Entry placed = entry.withSeq(1);
    byte[] signed = EntryCodec.signable(placed, EntryCodec.FORMAT_VERSION);
    assertThat(signed).isEqualTo(EntryCodec.encode(placed, EntryCodec.FORMAT_VERSION));
    assertThat(EntryCodec.decode(signed)).isEqualTo(placed);
  }

  private static <T> T read(byte[] bytes, Class<T> type) throws IOException {
    try {
      return Json.mapper().readValue(bytes, type);
    } catch (IOException refused) {
      return null;
    }
  }
}
