package org.hotline.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.RecoveryEntry;
import org.junit.jupiter.api.Test;

/**
 * The transcript page shows entries a person can read without the protocol at hand. The entries are
 * given as checked, since what is shown does not depend on how they were checked (ExportTest checks
 * a real export end to end).
 */
class TranscriptHtmlTest {
  private static final LogOrigin US_TO_CN = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));

  @Test
  void a_recovery_entry_says_what_came_from_the_backup_what_from_the_peer_and_what_is_void()
      throws IOException {
    RecoveryEntry recovery =
        new RecoveryEntry(
            US_TO_CN,
            2201,
            MessageId.parse("01930000-0000-7000-8000-000000000003"),
            Instant.parse("2026-11-28T11:40:00.500Z"),
            1200,
            2205);
    TranscriptVerifier.Result result =
        new TranscriptVerifier.Result(
            null,
            List.of(),
            1,
            List.of(
                new TranscriptVerifier.CheckedEntry(
                    US_TO_CN.text(), 2201, recovery, true, true, null)),
            List.of());

    StringWriter page = new StringWriter();
    TranscriptHtml.write(result, page);

    assertThat(page.toString())
        .contains("hotline/us/cn #2201 · 2026-11-28T11:40:00.500Z · us")
        .contains(
            "<div>Recovery: entries 1..1200 restored from the backup, 1201..2200 recovered from"
                + " cn, positions 2201..2205 signed before are void</div>");
  }
}
