package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.testing.BackupArchives;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backup archive's reader against archives changed after they were written: each one is refused
 * with one line naming what is wrong, before anything is written, and no path in an archive reaches
 * outside the directory it is restored into. The archives are real backups of a real data directory
 * (keys, configuration, a SQLite snapshot), rewritten entry by entry.
 */
class BackupArchiveTest {
  @TempDir Path dir;

  /** The entries of a real backup, in order: name to content. */
  private Map<String, byte[]> entries;

  @BeforeEach
  void back_up_a_node() throws IOException {
    NodeHome home = Nodes.init(dir, "us");
    Path archive = dir.resolve("us.backup");
    Backups.backup(home.dir(), archive, false, Clock.systemUTC());
    entries = BackupArchives.entries(archive);
  }

  /** A change to the entries of an archive, named for what it does. */
  private interface Tamper extends UnaryOperator<Map<String, byte[]>> {}

  static Stream<Arguments> tampered() {
    return Stream.of(
        tamper(
            "a byte of a file changed",
            entries -> {
              byte[] key = entries.get("signing.key").clone();
              key[key.length / 2] ^= 1;
              entries.put("signing.key", key);
              return entries;
            },
            "holds a signing.key whose SHA-256 is not the one listed"),
        tamper(
            "a file added",
            entries -> {
              entries.put("extra.txt", "not in the manifest".getBytes(StandardCharsets.UTF_8));
              return entries;
            },
            "holds 'extra.txt', which its manifest does not list"),
        tamper(
            "a file removed",
            entries -> {
              entries.remove("api.token");
              return entries;
            },
            "holds 'hotline.db' where its manifest lists api.token"),
        tamper(
            "a file cut short",
            entries -> {
              byte[] token = entries.get("api.token");
              entries.put("api.token", java.util.Arrays.copyOf(token, token.length - 1));
              return entries;
            },
            "bytes of api.token, not"),
        tamper(
            "a zip-slip entry the manifest does not list",
            entries -> {
              entries.put("../escaped", "outside".getBytes(StandardCharsets.UTF_8));
              return entries;
            },
            "holds '../escaped', which its manifest does not list"),
        tamper(
            "a zip-slip path listed in the manifest with its hash",
            entries -> listed(entries, "../escaped"),
            "names a file at '../escaped'"),
        tamper(
            "an absolute path listed in the manifest with its hash",
            entries -> listed(entries, "/tmp/escaped"),
            "names a file at '/tmp/escaped'"),
        tamper(
            "a required file dropped from the manifest and the archive",
            entries -> {
              entries.remove("tls.key");
              return rewriteManifest(
                  entries,
                  manifest ->
                      new BackupManifest(
                          manifest.formatVersion(),
                          manifest.party(),
                          manifest.created(),
                          manifest.files().stream()
                              .filter(file -> !file.path().equals("tls.key"))
                              .toList()));
            },
            "lacks tls.key"),
        tamper(
            "a later format version",
            entries ->
                rewriteManifest(
                    entries,
                    manifest ->
                        new BackupManifest(
                            2, manifest.party(), manifest.created(), manifest.files())),
            "has format version 2"),
        tamper(
            "the manifest not first",
            entries -> {
              byte[] manifest = entries.remove(BackupArchive.MANIFEST);
              entries.put(BackupArchive.MANIFEST, manifest);
              return entries;
            },
            "its first entry is not manifest.json"));
  }

  private static Arguments tamper(String name, Tamper change, String refusal) {
    return Arguments.of(Named.of(name, change), refusal);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampered")
  void a_tampered_archive_is_refused_and_nothing_is_written(Tamper change, String refusal)
      throws IOException {
    Path archive = dir.resolve("tampered.backup");
    Files.write(archive, BackupArchives.zip(change.apply(new LinkedHashMap<>(entries))));
    Path target = dir.resolve("restored").resolve("us");
    Files.createDirectory(target.getParent());

    assertThatThrownBy(() -> Backups.restore(archive, target, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(refusal);

    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left).as("no staging directory is left behind").isEmpty();
    }
    assertThat(dir.resolve("escaped")).doesNotExist();
    assertThat(Path.of("/tmp/escaped")).doesNotExist();
  }

  @Test
  void a_changed_byte_in_the_data_of_any_entry_is_refused() throws IOException {
    byte[] archive = BackupArchives.zip(entries);
    // 50: inside the manifest (the first entry, its data after a 43-byte header); the database is
    // the last and by far the largest entry, so a third and a half of the way lie inside it.
    for (int position : new int[] {50, archive.length / 3, archive.length / 2}) {
      byte[] changed = archive.clone();
      changed[position] ^= 0x20;
      Path file = dir.resolve("changed-" + position + ".backup");
      Files.write(file, changed);
      Path target = dir.resolve("restored-" + position);

      assertThatThrownBy(() -> Backups.restore(file, target, null))
          .as("byte %d of %d changed", position, archive.length)
          .isInstanceOf(InvalidInputException.class);
      assertThat(target).doesNotExist();
    }
  }

  @Test
  void a_central_directory_that_lists_other_files_than_the_entries_is_refused() throws IOException {
    byte[] archive = BackupArchives.zip(entries);
    // The last "signing.key" in the file is its name in the central directory, which the entries
    // read in order never see; other zip tools go by it.
    byte[] name = "signing.key".getBytes(StandardCharsets.US_ASCII);
    int at = lastIndexOf(archive, name);
    assertThat(at).isGreaterThan(archive.length / 2);
    archive[at + name.length - 1] = 'z';
    Path file = dir.resolve("renamed.backup");
    Files.write(file, archive);
    Path target = dir.resolve("restored");

    assertThatThrownBy(() -> Backups.restore(file, target, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has a central directory that lists 'signing.kez'");
    assertThat(target).doesNotExist();
  }

  private static int lastIndexOf(byte[] bytes, byte[] part) {
    for (int start = bytes.length - part.length; start >= 0; start--) {
      if (java.util.Arrays.equals(bytes, start, start + part.length, part, 0, part.length)) {
        return start;
      }
    }
    return -1;
  }

  @Test
  void an_archive_whose_manifest_is_not_the_one_given_is_refused() throws IOException {
    Path archive = dir.resolve("us.backup");
    Path target = dir.resolve("restored");

    assertThatThrownBy(() -> Backups.restore(archive, target, "00".repeat(32)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not the expected " + "00".repeat(32));
    assertThatThrownBy(() -> Backups.restore(archive, target, "abc"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be the 64 hex digits");
    assertThat(target).doesNotExist();
  }

  @Test
  void the_manifest_sha256_given_is_read_in_either_case() {
    String printed =
        Backups.restore(dir.resolve("us.backup"), dir.resolve("first"), null).manifestSha256();

    var again =
        Backups.restore(
            dir.resolve("us.backup"),
            dir.resolve("second"),
            printed.toUpperCase(java.util.Locale.ROOT));

    assertThat(again.manifestSha256()).isEqualTo(printed);
  }

  @Test
  void an_untouched_archive_restores_every_file_with_its_content() throws IOException {
    Path target = dir.resolve("restored");

    var result = Backups.restore(dir.resolve("us.backup"), target, null);

    assertThat(result.party().value()).isEqualTo("us");
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      if (!entry.getKey().equals(BackupArchive.MANIFEST)) {
        assertThat(target.resolve(entry.getKey())).hasBinaryContent(entry.getValue());
      }
    }
    assertThat(NodeHome.open(target).card()).isEqualTo(NodeHome.open(dir.resolve("us")).card());
  }

  @Test
  void an_existing_empty_directory_is_restored_into_and_made_the_owners_only() throws IOException {
    Path target =
        Files.createDirectory(
            dir.resolve("volume"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    Backups.restore(dir.resolve("us.backup"), target, null);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .as("every file, and no staging directory")
          .containsExactlyInAnyOrder(
              "hotline.json", "signing.key", "tls.key", "tls.crt", "api.token", "hotline.db");
    }
  }

  /**
   * Adds a file at {@code path} to the archive and lists it, with its true hash, in the manifest.
   */
  private static Map<String, byte[]> listed(Map<String, byte[]> entries, String path) {
    byte[] content = "outside".getBytes(StandardCharsets.UTF_8);
    entries.put(path, content);
    return rewriteManifest(
        entries,
        manifest -> {
          List<BackupManifest.Entry> files = new ArrayList<>(manifest.files());
          files.add(new BackupManifest.Entry(path, content.length, BackupArchive.sha256(content)));
          return new BackupManifest(
              manifest.formatVersion(), manifest.party(), manifest.created(), files);
        });
  }

  private static Map<String, byte[]> rewriteManifest(
      Map<String, byte[]> entries, UnaryOperator<BackupManifest> change) {
    try {
      BackupManifest manifest =
          Json.mapper().readValue(entries.get(BackupArchive.MANIFEST), BackupManifest.class);
      entries.put(BackupArchive.MANIFEST, change.apply(manifest).bytes());
      return entries;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
