package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hotline.ConflictException;
import org.hotline.fuzz.Fuzzing;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;

/**
 * {@code signed-mark.json} on any bytes left in it: the node refuses it with a {@link
 * ConflictException}, or reads marks that survive a write and a read unchanged.
 */
public class MarkFileFuzzTest {
  private static final LogOrigin LOG = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_mark_file_is_refused_or_reads_back_equal_after_a_write(byte[] bytes) throws IOException {
    check(bytes);
  }

  public static void check(byte[] bytes) throws IOException {
    Path dir = Files.createTempDirectory("mark-fuzz");
    try {
      Files.write(dir.resolve(MarkFile.NAME), bytes);
      MarkFile mark;
      try {
        mark = MarkFile.open(dir);
      } catch (ConflictException refused) {
        return;
      }
      var before = mark.get(LOG);
      mark.reset(LOG, before.orElse(0) + 1);
      assertThat(MarkFile.open(dir).get(LOG)).hasValue(before.orElse(0) + 1);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }
}
