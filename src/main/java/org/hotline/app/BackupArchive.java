package org.hotline.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.hotline.InvalidInputException;

/**
 * The backup archive: a zip file ({@link java.util.zip}) whose first entry is {@value #MANIFEST}
 * ({@link BackupManifest}) and whose other entries are exactly the files it lists, in its order.
 *
 * <p>The readers go through the archive once, as a stream ({@link #read}) or through its central
 * directory ({@link #readDirectory}), and trust nothing in it before it is checked: the manifest
 * must come first and be a valid one (no path that leaves the directory), every other entry must be
 * listed, once, and have the listed size and SHA-256, and every listed file must be there. It hands
 * each file's bytes to a {@link Sink} as it reads them, so the caller either discards them (a
 * check) or writes them to a place it removes if the read fails. Thread-safe (no state).
 */
final class BackupArchive {
  static final String MANIFEST = "manifest.json";

  /** A manifest of {@value BackupManifest#FILES_MAX} files is a few kilobytes. */
  static final int MANIFEST_BYTES_MAX = 64 * 1024;

  private static final int BUFFER_BYTES = 64 * 1024;

  private BackupArchive() {}

  /** Where the reader puts each checked file's bytes. */
  @FunctionalInterface
  interface Sink {
    /** A stream for {@code file}'s content; the reader closes it. */
    OutputStream open(BackupManifest.Entry file) throws IOException;
  }

  /** A sink that keeps nothing: the archive is only checked. */
  static final Sink DISCARD = file -> OutputStream.nullOutputStream();

  /**
   * An archive read to its end with every file as its manifest says.
   *
   * @param entries the zip entries read, the manifest first, with their sizes and CRC-32
   */
  record Checked(BackupManifest manifest, String manifestSha256, List<ZipEntry> entries) {}

  /**
   * Writes {@code manifest} and then each file it lists, read from {@code sourceOf}, to {@code
   * out}.
   */
  static String write(BackupManifest manifest, Map<String, Path> sourceOf, OutputStream out)
      throws IOException {
    byte[] manifestBytes = manifest.bytes();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(MANIFEST));
      zip.write(manifestBytes);
      zip.closeEntry();
      for (BackupManifest.Entry file : manifest.files()) {
        zip.putNextEntry(new ZipEntry(file.path()));
        Files.copy(sourceOf.get(file.path()), zip);
        zip.closeEntry();
      }
    }
    return sha256(manifestBytes);
  }

  /**
   * Reads an archive as a stream, from its first entry on, checking it as described above.
   *
   * @param expectedManifestSha256 the manifest's SHA-256 the caller was given, or null to take any
   * @throws InvalidInputException naming what is wrong with the archive; what the sink received
   *     must then be thrown away
   * @throws IOException if the archive or the sink cannot be read or written
   */
  static Checked read(InputStream in, String expectedManifestSha256, Sink sink) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(in)) {
      // The last entry's size and CRC-32 are filled in once the reader has passed its end.
      return check(
          new Entries() {
            @Override
            public ZipEntry next() {
              return nextEntry(zip);
            }

            @Override
            public InputStream data(ZipEntry entry) {
              return zip;
            }
          },
          "the archive ",
          expectedManifestSha256,
          sink);
    }
  }

  /**
   * Reads an archive through its central directory, which other zip tools such as {@code unzip} go
   * by, checking it as {@link #read} does: each file is read where the directory says it is, so
   * that no other tool can find other content in the archive than what was checked. Refuses, before
   * inflating it, a file whose listed size is over {@value #EXPANSION_MAX} times its compressed
   * size plus {@value #EXPANSION_SLACK_BYTES} bytes (a deflate bomb).
   *
   * @throws InvalidInputException naming what is wrong with the archive
   */
  static Checked readDirectory(Path archive, String expectedManifestSha256) {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      var listed = zip.entries();
      return check(
          new Entries() {
            @Override
            public ZipEntry next() {
              return listed.hasMoreElements() ? listed.nextElement() : null;
            }

            @Override
            public InputStream data(ZipEntry entry) throws IOException {
              return zip.getInputStream(entry);
            }
          },
          "the archive's central directory ",
          expectedManifestSha256,
          DISCARD);
    } catch (java.util.zip.ZipException e) {
      throw unreadable(e);
    } catch (IOException e) {
      throw new InvalidInputException("in", "cannot read " + archive + ": " + e.getMessage());
    }
  }

  /**
   * Deflate expands at most about 1032 times; the slack lets a small file of zeros through. A
   * listed size over this bound is a lie, or a bomb, and is refused before it is inflated.
   */
  static final long EXPANSION_MAX = 1000;

  static final long EXPANSION_SLACK_BYTES = 1024 * 1024;

  /** The entries of an archive in the order of the stream or of its central directory. */
  private interface Entries {
    /** The next entry, or null after the last one. */
    ZipEntry next() throws IOException;

    /** The data of {@code entry}, the one {@link #next} returned last. */
    InputStream data(ZipEntry entry) throws IOException;
  }

  private static Checked check(
      Entries zip, String subject, String expectedManifestSha256, Sink sink) throws IOException {
    ZipEntry first = zip.next();
    if (first == null || !first.getName().equals(MANIFEST)) {
      throw refused(subject, "is not a Hotline backup: its first entry is not " + MANIFEST);
    }
    byte[] manifestBytes = readManifest(zip.data(first));
    if (manifestBytes.length > MANIFEST_BYTES_MAX) {
      throw refused(subject, "has a " + MANIFEST + " over " + MANIFEST_BYTES_MAX + " bytes");
    }
    String manifestSha256 = sha256(manifestBytes);
    if (expectedManifestSha256 != null && !expectedManifestSha256.equals(manifestSha256)) {
      throw refused(
          subject,
          "has a manifest whose SHA-256 is "
              + manifestSha256
              + ", not the expected "
              + expectedManifestSha256);
    }
    BackupManifest manifest = BackupManifest.read(manifestBytes);
    List<ZipEntry> entries = new ArrayList<>(List.of(first));
    Map<String, BackupManifest.Entry> unread = new HashMap<>();
    manifest.files().forEach(file -> unread.put(file.path(), file));
    for (BackupManifest.Entry listed : manifest.files()) {
      ZipEntry entry = zip.next();
      if (entry == null) {
        throw refused(
            subject, "lacks " + unread.keySet().stream().sorted().toList() + ", listed in it");
      }
      BackupManifest.Entry file = unread.remove(entry.getName());
      if (file == null || !file.equals(listed)) {
        throw refused(
            subject,
            "holds '"
                + entry.getName()
                + "' where its manifest lists "
                + listed.path()
                + " (an added, repeated or reordered file)");
      }
      long compressed = entry.getCompressedSize();
      // -1 in a stream whose entry's sizes follow its data
      if (compressed >= 0 && file.size() > EXPANSION_MAX * compressed + EXPANSION_SLACK_BYTES) {
        throw refused(
            subject,
            "lists "
                + file.size()
                + " bytes for "
                + file.path()
                + ", over "
                + EXPANSION_MAX
                + " times its "
                + compressed
                + " compressed bytes plus "
                + EXPANSION_SLACK_BYTES
                + " (a deflate bomb?)");
      }
      copyChecked(zip.data(entry), file, subject, sink);
      entries.add(entry);
    }
    ZipEntry extra = zip.next();
    if (extra != null) {
      throw refused(subject, "holds '" + extra.getName() + "', which its manifest does not list");
    }
    return new Checked(manifest, manifestSha256, List.copyOf(entries));
  }

  /**
   * Checks that the central directory at the end of {@code archive} lists exactly the entries
   * {@link #read} read from the stream, in order, with the same sizes and CRC-32 ({@link
   * #readDirectory} has checked the content it points at).
   *
   * @throws InvalidInputException naming the first entry that differs
   */
  static void checkSameEntries(List<ZipEntry> listed, List<ZipEntry> read) {
    for (int index = 0; index < Math.max(listed.size(), read.size()); index++) {
      ZipEntry inDirectory = index < listed.size() ? listed.get(index) : null;
      ZipEntry checked = index < read.size() ? read.get(index) : null;
      if (inDirectory == null
          || checked == null
          || !inDirectory.getName().equals(checked.getName())
          || inDirectory.getSize() != checked.getSize()
          || inDirectory.getCrc() != checked.getCrc()) {
        throw refused(
            "the archive ",
            "has a central directory that lists "
                + describe(inDirectory)
                + " where its entries hold "
                + describe(checked));
      }
    }
  }

  private static String describe(ZipEntry entry) {
    return entry == null
        ? "nothing"
        : "'"
            + entry.getName()
            + "' ("
            + entry.getSize()
            + " bytes, CRC-32 "
            + entry.getCrc()
            + ")";
  }

  // Every IOException of the zip stream is the archive's fault (a ZipException, or an
  // EOFException for one cut short), but for a file that cannot be read at all, whose message
  // says so.

  private static ZipEntry nextEntry(ZipInputStream zip) {
    try {
      return zip.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      // IllegalArgumentException: an entry name that is not valid UTF-8
      throw unreadable(e);
    }
  }

  private static byte[] readManifest(InputStream zip) {
    try {
      return zip.readNBytes(MANIFEST_BYTES_MAX + 1);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static void copyChecked(
      InputStream zip, BackupManifest.Entry file, String subject, Sink sink) throws IOException {
    MessageDigest digest = sha256();
    long copied = 0;
    try (OutputStream out = new DigestOutputStream(sink.open(file), digest)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      int read;
      while ((read = readData(zip, buffer)) >= 0) {
        copied += read;
        if (copied > file.size()) {
          throw refused(
              subject, "holds more than the " + file.size() + " bytes listed for " + file.path());
        }
        out.write(buffer, 0, read);
      }
    }
    if (copied != file.size()) {
      throw refused(
          subject, "holds " + copied + " bytes of " + file.path() + ", not " + file.size());
    }
    if (!HexFormat.of().formatHex(digest.digest()).equals(file.sha256())) {
      throw refused(subject, "holds a " + file.path() + " whose SHA-256 is not the one listed");
    }
  }

  private static int readData(InputStream zip, byte[] buffer) {
    try {
      return zip.read(buffer);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static InvalidInputException unreadable(Exception e) {
    return refused(
        "the archive ",
        "is not a readable zip archive: " + e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static InvalidInputException refused(String subject, String why) {
    return new InvalidInputException("in", subject + why);
  }
}
