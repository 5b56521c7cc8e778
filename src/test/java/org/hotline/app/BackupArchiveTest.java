package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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

    assertRefusedWithNothingWritten(
        file, "central directory holds 'signing.kez' where its manifest lists signing.key");
  }

  @Test
  void a_central_directory_that_points_at_a_hidden_forged_entry_is_refused_and_nothing_is_written()
      throws IOException {
    byte[] archive = Files.readAllBytes(dir.resolve("us.backup"));
    ByteBuffer zip = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
    int end = archive.length - END_OF_DIRECTORY_BYTES;
    assertThat(zip.getInt(end)).as("no archive comment").isEqualTo(END_OF_DIRECTORY);
    int directory = zip.getInt(end + 16);
    // The directory's record of signing.key: same name, size and CRC-32, but pointing at a stored
    // entry after the last real one, behind bytes that end the entries a stream reader sees.
    int record = directory;
    while (!recordName(zip, record).equals("signing.key")) {
      record +=
          46 + zip.getShort(record + 28) + zip.getShort(record + 30) + zip.getShort(record + 32);
    }
    byte[] name = "signing.key".getBytes(StandardCharsets.US_ASCII);
    byte[] forged = new byte[zip.getInt(record + 24)];
    java.util.Arrays.fill(forged, (byte) 'X');
    byte[] junk = new byte[64];
    ByteBuffer hidden =
        ByteBuffer.allocate(junk.length + 30 + name.length + forged.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    hidden.put(junk).putInt(LOCAL_HEADER).putShort((short) 20).putShort((short) 0);
    hidden.putShort((short) ZipEntry.STORED).putInt(0).putInt(zip.getInt(record + 16));
    hidden.putInt(forged.length).putInt(forged.length).putShort((short) name.length);
    hidden.putShort((short) 0).put(name).put(forged);
    zip.putShort(record + 8, (short) 0).putShort(record + 10, (short) ZipEntry.STORED);
    zip.putInt(record + 20, forged.length).putInt(record + 42, directory + junk.length);
    zip.putInt(end + 16, directory + hidden.capacity());
    Path file = dir.resolve("hidden.backup");
    try (var out = Files.newOutputStream(file)) {
      out.write(archive, 0, directory);
      out.write(hidden.array());
      out.write(archive, directory, archive.length - directory);
    }
    try (ZipFile unzip = new ZipFile(file.toFile())) {
      assertThat(unzip.getInputStream(unzip.getEntry("signing.key")).readAllBytes())
          .as("what other zip tools extract")
          .isEqualTo(forged);
    }

    assertRefusedWithNothingWritten(
        file, "central directory holds a signing.key whose SHA-256 is not the one listed");
  }

  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int END_OF_DIRECTORY = 0x06054b50;
  private static final int END_OF_DIRECTORY_BYTES = 22;

  private static String recordName(ByteBuffer zip, int record) {
    byte[] name = new byte[zip.getShort(record + 28)];
    zip.get(record + 46, name);
    return new String(name, StandardCharsets.US_ASCII);
  }

  @Test
  void a_file_listed_far_larger_than_deflate_can_expand_is_refused_before_it_is_inflated()
      throws IOException {
    long listed = 10L * 1024 * 1024 * 1024;
    Map<String, byte[]> changed =
        rewriteManifest(
            new LinkedHashMap<>(entries),
            manifest ->
                new BackupManifest(
                    manifest.formatVersion(),
                    manifest.party(),
                    manifest.created(),
                    manifest.files().stream()
                        .map(
                            file ->
                                file.path().equals("hotline.db")
                                    ? new BackupManifest.Entry(file.path(), listed, file.sha256())
                                    : file)
                        .toList()));
    Path archive = dir.resolve("bomb.backup");
    Files.write(archive, BackupArchives.zip(changed));
    Path target = dir.resolve("restored");

    assertThatThrownBy(() -> Backups.restore(archive, target, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lists " + listed + " bytes for hotline.db, over 1000 times its")
        .hasMessageContaining("compressed bytes plus 1048576");
    assertThat(target).doesNotExist();
  }

  @Test
  void a_directory_given_through_a_link_and_dot_dot_is_restored_where_the_system_resolves_it()
      throws IOException {
    Path deep = Files.createDirectories(dir.resolve("a").resolve("b"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), deep);
    Path given = link.resolve("..").resolve("restored");

    var result = Backups.restore(dir.resolve("us.backup"), given, null);

    Path resolved = dir.toRealPath().resolve("a").resolve("restored");
    assertThat(result.dir()).isEqualTo(resolved);
    assertThat(resolved.resolve("hotline.json")).exists();
    assertThat(dir.resolve("restored")).doesNotExist();
  }

  @Test
  void a_file_that_appears_at_out_while_the_backup_runs_is_kept_without_force() throws IOException {
    Path out = dir.resolve("again.backup");
    // A dangling link: a name taken, though nothing is there to follow.
    Clock linksOutMidway =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            try {
              Files.createSymbolicLink(out, dir.resolve("nowhere"));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            return java.time.Instant.EPOCH;
          }
        };

    assertThatThrownBy(() -> Backups.backup(dir.resolve("us"), out, false, linksOutMidway))
        .isInstanceOf(org.hotline.ConflictException.class)
        .hasMessageContaining("appeared while the backup was taken");
    assertThat(Files.isSymbolicLink(out)).as("the link is still there").isTrue();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .as("no staging directory is left behind")
          .containsExactlyInAnyOrder("us", "us.backup", "again.backup");
    }
  }

  private void assertRefusedWithNothingWritten(Path archive, String refusal) {
    Path target = dir.resolve("restored");

    assertThatThrownBy(() -> Backups.restore(archive, target, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(refusal);
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
              "hotline.json",
              "signing.key",
              "tls.key",
              "tls.crt",
              "api.token",
              "hotline.db",
              MarkFile.NAME);
    }
    assertThat(
            MarkFile.open(target)
                .get(
                    new org.hotline.identity.LogOrigin(
                        org.hotline.identity.PartyId.of("us"),
                        org.hotline.identity.PartyId.of("cn"))))
        .as("a restored node signs nothing until it recovers from its peer")
        .isEmpty();
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
