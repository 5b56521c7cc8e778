package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Alarms} storing security events on a real SQLite store. */
class AlarmsTest {
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  @TempDir Path dir;
  private LinkPair pair;
  private LinkStore store;

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    store = pair.us.store;
  }

  @AfterEach
  void close() {
    pair.close();
  }

  private static SecurityEvent event(String peer, String kind, String detail, String evidence) {
    return SecurityEvent.stored(AT, peer, kind, detail, evidence);
  }

  @Test
  void an_event_is_stored_with_its_evidence() {
    assertThat(Alarms.record(store, event("cn", "bad-signature", "detail", "evidence"))).isTrue();
    assertThat(store.securityEvents(10))
        .containsExactly(event("cn", "bad-signature", "detail", "evidence"));
  }

  @Test
  void an_event_of_a_kind_this_version_does_not_know_reads_back_with_its_stored_name() {
    assertThat(Alarms.record(store, event("cn", "quantum-forgery", "detail", "evidence"))).isTrue();

    SecurityEvent read = store.securityEvents(10).get(0);
    assertThat(read.kind()).isEqualTo(SecurityEvent.Kind.UNKNOWN);
    assertThat(read.kindName()).isEqualTo("quantum-forgery");
    assertThat(Alarms.record(store, event("cn", "quantum-forgery", "detail", "again")))
        .as("a repeat of it is recognised by its name")
        .isFalse();
  }

  @Test
  void an_event_repeating_a_recent_one_is_not_stored_again() {
    Alarms.record(store, event("cn", "bad-signature", "detail", "first"));
    assertThat(Alarms.record(store, event("cn", "bad-signature", "detail", "second"))).isFalse();
    assertThat(store.securityEvents(10)).hasSize(1);
  }

  @Test
  void events_differing_in_peer_kind_or_detail_are_each_stored() {
    Alarms.record(store, event("cn", "bad-signature", "detail", ""));
    assertThat(Alarms.record(store, event("xx", "bad-signature", "detail", ""))).isTrue();
    assertThat(Alarms.record(store, event("cn", "root-mismatch", "detail", ""))).isTrue();
    assertThat(Alarms.record(store, event("cn", "bad-signature", "other", ""))).isTrue();
    assertThat(store.securityEvents(10)).hasSize(4);
  }

  @Test
  void an_event_is_stored_again_once_it_has_left_the_recent_window() {
    Alarms.record(store, event("cn", "kind", "the one", ""));
    for (int i = 1; i < Alarms.REPEAT_WINDOW; i++) {
      Alarms.record(store, event("cn", "kind", "other " + i, ""));
    }
    assertThat(Alarms.record(store, event("cn", "kind", "the one", ""))).isFalse();
    Alarms.record(store, event("cn", "kind", "one more", ""));
    assertThat(Alarms.record(store, event("cn", "kind", "the one", ""))).isTrue();
  }

  @Test
  void evidence_up_to_the_cap_is_kept_whole() {
    String evidence = "e".repeat(Alarms.EVIDENCE_CHARS_MAX);
    Alarms.record(store, event("cn", "kind", "detail", evidence));
    assertThat(store.securityEvents(1).get(0).evidence()).isEqualTo(evidence);
  }

  @Test
  void evidence_beyond_the_cap_is_cut_and_says_so() {
    String evidence = "e".repeat(Alarms.EVIDENCE_CHARS_MAX) + "tail";
    Alarms.record(store, event("cn", "kind", "detail", evidence));
    assertThat(store.securityEvents(1).get(0).evidence())
        .isEqualTo(
            "e".repeat(Alarms.EVIDENCE_CHARS_MAX)
                + "\n[evidence cut at 262144 of 262148 characters]");
  }
}
