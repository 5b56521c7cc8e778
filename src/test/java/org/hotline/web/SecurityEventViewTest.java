package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hotline.Json;
import org.hotline.link.SecurityEvent;
import org.junit.jupiter.api.Test;

/** A security event on {@code GET /api/v1/security-events}: its kind by its stored name. */
class SecurityEventViewTest {
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void a_kind_is_shown_by_its_stored_name() throws Exception {
    SecurityEvent event =
        new SecurityEvent(AT, "cn", SecurityEvent.Kind.PEER_AHEAD, "peer claims 9", "cosigned");

    assertThat(Json.mapper().writeValueAsString(MessagesApi.SecurityEventView.of(event)))
        .isEqualTo(
            "{\"at\":\"2026-11-29T10:00:00Z\",\"peer\":\"cn\","
                + "\"kind\":\"peer-claims-unwritten-entries\",\"detail\":\"peer claims 9\","
                + "\"evidence\":\"cosigned\"}");
  }

  @Test
  void a_kind_this_version_does_not_know_is_shown_as_it_was_stored() {
    SecurityEvent event = SecurityEvent.stored(AT, "cn", "quantum-forgery", "detail", "");

    assertThat(MessagesApi.SecurityEventView.of(event).kind()).isEqualTo("quantum-forgery");
  }
}
