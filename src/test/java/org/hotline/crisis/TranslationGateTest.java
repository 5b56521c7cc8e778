package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.ConflictException;
import org.hotline.console.Role;
import org.hotline.link.LinkPair;
import org.hotline.link.PeerCapabilities;
import org.hotline.link.entry.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node signs a change to a message's translations only for a peer that reads entry format 4, the
 * version that brought translations: an older version's fold would keep the change unread and its
 * state hash would part from ours.
 */
class TranslationGateTest {
  @TempDir Path dir;

  private static Crisis crisis(LinkPair pair, PeerCapabilities cnReads) {
    return new Crisis(
        LinkPair.US,
        pair.us.store,
        pair.us.outbox(),
        pair.us.store,
        peer -> Optional.of(cnReads),
        pair.us.events,
        pair.clock);
  }

  @Test
  void a_translation_for_a_peer_that_reads_formats_1_to_3_only_is_refused_and_nothing_is_stored() {
    try (LinkPair pair = new LinkPair(dir)) {
      MessageId message = pair.deliverToUs("Aerial object").getFirst();
      Map<String, Object> data = Map.of("language", "zh", "text", "空中物体");
      PeerCapabilities older =
          new PeerCapabilities(
              Set.of(1, 2, 3), PeerCapabilities.OWN.kinds(), PeerCapabilities.OWN.optionalFields());

      assertThatThrownBy(
              () -> crisis(pair, older).translate(message, data, "officer", Role.DUTY_OFFICER))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "cn runs a version that does not read translations (entry format 4); it"
                  + " must be upgraded first");
      assertThat(pair.us.store.changes(LinkPair.usToCn())).isEmpty();

      Crisis.Accepted accepted =
          crisis(pair, PeerCapabilities.OWN).translate(message, data, "officer", Role.DUTY_OFFICER);
      assertThat(accepted.change().object()).isEqualTo("translation/" + message);
      assertThat(pair.us.store.changes(LinkPair.usToCn())).hasSize(1);
    }
  }
}
