package org.hotline.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.cli.NodeOperations.BackupResult;
import org.hotline.cli.NodeOperations.RestoreResult;
import org.hotline.identity.PartyId;
import org.hotline.store.sqlite.SqliteSnapshot;

/**
 * {@code hotline backup} and {@code hotline restore}: a data directory to one archive ({@link
 * BackupArchive}) and back, docs/operations.md §10.
 *
 * <p>Both work in a staging directory (0700) beside their output (inside it, for a restore into an
 * existing empty directory) and move the result into place only once it is complete and checked, so
 * a failure leaves nothing half-written: the backup copies each file and a {@link SqliteSnapshot}
 * of the database there, hashes the copies, writes the archive there and renames it to the output;
 * the restore checks the whole archive through its central directory, then extracts it there
 * checking it again as a stream (the file could change between the two reads), syncs the files to
 * the disk and moves them into the directory. Every file they write is 0600 and every directory
 * 0700, whatever the umask: the archive and the directory hold the node's private keys. Thread-safe
 * (no state).
 */
final class Backups {
  private static final String OWNER_ONLY_DIRECTORY = "rwx------";

  private Backups() {}

  static BackupResult backup(Path dir, Path out, boolean force, Clock clock) {
    NodeHome home = NodeHome.open(dir);
    Path target = resolved(out, "out");
    if (Files.isDirectory(target)) {
      throw new InvalidInputException("out", target + " is a directory; give a file name");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !force) {
      throw new ConflictException(target + " already exists; refusing to overwrite it (--force)");
    }
    List<String> notIncluded = new ArrayList<>();
    Map<String, Path> files = filesOf(home, notIncluded);
    Path staging = stagingIn(target.getParent(), "." + target.getFileName() + ".", "out");
    try {
      Map<String, Path> copies = new LinkedHashMap<>();
      List<BackupManifest.Entry> entries = new ArrayList<>();
      for (Map.Entry<String, Path> file : files.entrySet()) {
        if (!Files.isRegularFile(file.getValue())) {
          throw new InvalidInputException(
              "dir", "cannot back up " + file.getValue() + ": no such file");
        }
        Path copy = staging.resolve("files").resolve(file.getKey());
        createParents(staging, copy);
        if (file.getKey().equals(NodeHome.DATABASE)) {
          SqliteSnapshot.copy(file.getValue(), copy);
        } else {
          createOwnerOnly(copy);
          try (OutputStream sink = Files.newOutputStream(copy)) {
            Files.copy(file.getValue(), sink);
          }
        }
        copies.put(file.getKey(), copy);
        entries.add(
            new BackupManifest.Entry(file.getKey(), Files.size(copy), BackupArchive.sha256(copy)));
      }
      BackupManifest manifest =
          new BackupManifest(
              BackupManifest.FORMAT_VERSION, home.party().value(), clock.instant(), entries);
      // What restore will check, checked before the archive is written.
      BackupManifest.read(manifest.bytes());
      Path archive = staging.resolve("archive.zip");
      createOwnerOnly(archive);
      String manifestSha256;
      try (OutputStream sink = Files.newOutputStream(archive)) {
        manifestSha256 = BackupArchive.write(manifest, copies, sink);
      }
      long bytes = Files.size(archive);
      sync(archive);
      if (force) {
        Files.move(
            archive, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // A rename replaces what is there; a link does not, and fails if anything is there.
        try {
          try {
            Files.createLink(target, archive);
          } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof FileAlreadyExistsException taken) {
              throw taken;
            }
            // a file system without hard links (FAT): a move that refuses an existing target
            Files.move(archive, target);
          }
        } catch (FileAlreadyExistsException e) {
          throw new ConflictException(
              target + " appeared while the backup was taken; refusing to overwrite it (--force)");
        }
      }
      sync(target.getParent());
      return new BackupResult(
          home.party(), target, entries.size(), bytes, manifestSha256, notIncluded);
    } catch (IOException e) {
      throw new InvalidInputException("out", "cannot write " + target + ": " + e.getMessage());
    } finally {
      deleteTree(staging);
    }
  }

  /**
   * The files of {@code home} a node needs to start, by their path in the archive; those the
   * configuration names outside the directory go to {@code notIncluded}.
   */
  private static Map<String, Path> filesOf(NodeHome home, List<String> notIncluded) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String name :
        List.of(
            NodeHome.CONFIG,
            NodeHome.SIGNING_KEY,
            NodeHome.TLS_KEY,
            NodeHome.TLS_CERTIFICATE,
            NodeHome.API_TOKEN)) {
      files.put(name, home.dir().resolve(name));
    }
    if (Files.exists(home.dir().resolve(NodeHome.WITNESS_KEY))) {
      files.put(NodeHome.WITNESS_KEY, home.dir().resolve(NodeHome.WITNESS_KEY));
    }
    NodeConfig.ConsoleSettings console = home.config().console();
    if (console.tls()) {
      for (String configured : List.of(console.tlsCertificate(), console.tlsKey())) {
        String inside = Path.of(configured).normalize().toString();
        if (BackupManifest.isPlainPath(inside)) {
          files.put(inside, home.dir().resolve(inside));
        } else {
          notIncluded.add(
              configured
                  + " (the console's TLS file, outside the data directory or under a name that"
                  + " starts with a dot)");
        }
      }
    }
    files.put(NodeHome.DATABASE, home.database());
    return files;
  }

  static RestoreResult restore(Path in, Path dir, String expectedManifestSha256) {
    if (!Files.isRegularFile(in)) {
      throw new InvalidInputException("in", "no backup archive at " + in);
    }
    String expected = expectedSha256(expectedManifestSha256);
    Path target = resolved(dir, "dir");
    refuseUnlessEmpty(target);
    BackupArchive.Checked checked = BackupArchive.readDirectory(in, expected);
    // Inside an existing directory, which may be a mount point (a container's volume): the files
    // are then moved within one file system.
    Path staging =
        Files.exists(target)
            ? stagingIn(target, ".restore-", "dir")
            : stagingIn(target.getParent(), "." + target.getFileName() + ".", "dir");
    try {
      Path files = staging.resolve("files");
      Files.createDirectory(files, directoryAttribute());
      BackupArchive.Checked extracted =
          read(
              in,
              checked.manifestSha256(),
              file -> {
                Path path = files.resolve(file.path());
                createParents(staging, path);
                createOwnerOnly(path);
                return Files.newOutputStream(path);
              });
      BackupArchive.checkSameEntries(checked.entries(), extracted.entries());
      String party = NodeHome.open(files).party().value();
      if (!party.equals(checked.manifest().party())) {
        throw new InvalidInputException(
            "in",
            "the archive's manifest names party "
                + checked.manifest().party()
                + " but its hotline.json is party "
                + party);
      }
      // The restored database may be behind what the node signed after the backup: it signs
      // nothing to a peer until it has recovered its log from it (hotline recover).
      MarkFile.markRestored(files);
      syncTree(files);
      moveInto(files, target);
      long bytes = checked.manifest().files().stream().mapToLong(BackupManifest.Entry::size).sum();
      return new RestoreResult(
          target,
          PartyId.of(checked.manifest().party()),
          checked.manifest().created(),
          checked.manifest().files().size(),
          bytes,
          checked.manifestSha256());
    } catch (IOException e) {
      throw new InvalidInputException("dir", "cannot write " + target + ": " + e.getMessage());
    } finally {
      deleteTree(staging);
    }
  }

  /** The SHA-256 the operator gave, as the manifest's is printed: lowercase hex; null if none. */
  private static String expectedSha256(String given) {
    if (given == null) {
      return null;
    }
    String hex = given.strip().toLowerCase(java.util.Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new InvalidInputException(
          "manifest-sha256",
          "--manifest-sha256 must be the 64 hex digits hotline backup printed, got '"
              + given
              + "'");
    }
    return hex;
  }

  private static BackupArchive.Checked read(
      Path in, String expectedManifestSha256, BackupArchive.Sink sink) {
    try (InputStream stream = Files.newInputStream(in)) {
      return BackupArchive.read(stream, expectedManifestSha256, sink);
    } catch (IOException e) {
      throw new InvalidInputException("in", "cannot restore from " + in + ": " + e.getMessage());
    }
  }

  private static void refuseUnlessEmpty(Path target) {
    if (!Files.exists(target)) {
      if (!Files.isDirectory(target.getParent())) {
        throw new InvalidInputException("dir", "no directory " + target.getParent());
      }
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new InvalidInputException("dir", target + " is not a directory");
    }
    try (Stream<Path> children = Files.list(target)) {
      if (children.findAny().isPresent()) {
        throw new ConflictException(
            target + " is not empty; restore into a new or empty directory");
      }
    } catch (IOException e) {
      throw new InvalidInputException("dir", "cannot read " + target + ": " + e.getMessage());
    }
  }

  /**
   * Moves the restored files into {@code target}: by renaming the staging directory when {@code
   * target} does not exist, else one by one into the empty {@code target}, which is made 0700,
   * {@value NodeHome#DATABASE} first and {@value NodeHome#CONFIG} last: a directory without its
   * configuration is not a node's, so a restore cut short never leaves keys and configuration
   * without their database (a node would start on an empty one and sign a second history). The
   * directory is synced after the moves.
   */
  private static void moveInto(Path files, Path target) throws IOException {
    if (!Files.exists(target)) {
      Files.move(files, target, StandardCopyOption.ATOMIC_MOVE);
      sync(target.getParent());
      return;
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(OWNER_ONLY_DIRECTORY));
    List<Path> children;
    try (Stream<Path> listed = Files.list(files)) {
      children =
          listed
              .sorted(
                  Comparator.comparing(
                          (Path child) -> !child.getFileName().toString().equals(NodeHome.DATABASE))
                      .thenComparing(
                          child -> child.getFileName().toString().equals(NodeHome.CONFIG)))
              .toList();
    }
    for (Path child : children) {
      Files.move(child, target.resolve(child.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      sync(target);
    }
  }

  /** Syncs every file and directory under {@code root}, and {@code root}, to the disk. */
  private static void syncTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        sync(path);
      }
    }
  }

  /**
   * Syncs {@code path}, a file or a directory (whose entries a rename changes), to the disk: what
   * is reported written survives a power loss.
   */
  private static void sync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * {@code path} as the system resolves it: its parent's real path (symbolic links and {@code ..}
   * followed) and its own name, so that what is written and what is read after are the same file.
   */
  static Path resolved(Path path, String field) {
    Path absolute = path.toAbsolutePath();
    Path name = absolute.getFileName();
    try {
      if (name == null || name.toString().equals(".") || name.toString().equals("..")) {
        return absolute.toRealPath();
      }
      return absolute.getParent().toRealPath().resolve(name);
    } catch (IOException e) {
      throw new InvalidInputException(
          field, "cannot write in " + absolute.getParent() + ": no such directory");
    }
  }

  /**
   * A new directory, 0700, in {@code directory}, where the result goes: on the same file system, so
   * that moving the result into place is a rename.
   */
  private static Path stagingIn(Path directory, String prefix, String field) {
    try {
      return Files.createTempDirectory(directory, prefix, directoryAttribute());
    } catch (IOException e) {
      throw new InvalidInputException(
          field, "cannot write in " + directory + ": " + e.getMessage());
    }
  }

  private static void createParents(Path root, Path file) throws IOException {
    Path parent = file.getParent();
    if (parent.equals(root) || Files.isDirectory(parent)) {
      return;
    }
    createParents(root, parent);
    Files.createDirectory(parent, directoryAttribute());
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      NodeHome.createOwnerOnly(file);
    } catch (FileAlreadyExistsException e) {
      throw new InvalidInputException("in", file + " is written twice");
    }
  }

  private static java.nio.file.attribute.FileAttribute<?> directoryAttribute() {
    return PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString(OWNER_ONLY_DIRECTORY));
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // best effort: a failure here must not hide the outcome; the directory's name starts with
      // a dot and names what it was for
    }
  }
}
