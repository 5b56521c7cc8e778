package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.hotline.HotlineException;
import org.hotline.fuzz.Fuzzing;
import org.junit.jupiter.api.Test;

/**
 * The reader of backup archives ({@code hotline restore}, docs/operations.md §10) on any bytes: a
 * file an operator is handed may be damaged or made by someone else. It refuses with one {@link
 * HotlineException}, or it accepts an archive whose manifest reads back equal from its own JSON and
 * names only files inside the directory it is restored into (no zip-slip).
 */
public class BackupArchiveFuzzTest {
  private static final Path ROOT = Path.of("/restored");

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void an_archive_is_refused_or_lists_only_paths_inside_its_directory(byte[] bytes)
      throws IOException {
    check(bytes);
  }

  @Test
  void the_seed_is_an_archive_the_reader_accepts() throws IOException {
    try (InputStream seed =
        BackupArchiveFuzzTest.class.getResourceAsStream(
            "BackupArchiveFuzzTestInputs/an_archive_is_refused_or_lists_only_paths_inside_its_directory/backup.zip")) {
      BackupArchive.Checked checked = BackupArchive.read(seed, null, BackupArchive.DISCARD);
      assertThat(checked.manifest().files()).hasSize(7);
    }
  }

  public static void check(byte[] bytes) throws IOException {
    BackupArchive.Checked checked;
    try {
      checked = BackupArchive.read(new ByteArrayInputStream(bytes), null, BackupArchive.DISCARD);
    } catch (HotlineException refused) {
      return;
    }
    BackupManifest manifest = checked.manifest();
    assertThat(BackupManifest.read(manifest.bytes())).isEqualTo(manifest);
    for (BackupManifest.Entry file : manifest.files()) {
      Path restored = ROOT.resolve(file.path()).normalize();
      assertThat(restored.startsWith(ROOT) && !restored.equals(ROOT)).as(file.path()).isTrue();
    }
  }
}
