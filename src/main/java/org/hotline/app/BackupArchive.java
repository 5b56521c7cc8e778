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
 * <p>The reader streams the archive once and trusts nothing in it before it is checked: the
 * manifest must come first and be a valid one (no path that leaves the directory), every other
 * entry must be listed, once, and have the listed size and SHA-256, and every listed file must be
 * there. It hands each file's bytes to a {@link Sink} as it reads them, so the caller either
 * discards them (a check) or writes them to a place it removes if the read fails. Thread-safe (no
 * state).
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
   * Reads an archive, checking it as described above.
   *
   * @param expectedManifestSha256 the manifest's SHA-256 the caller was given, or null to take any
   * @throws InvalidInputException naming what is wrong with the archive; what the sink received
   *     must then be thrown away
   * @throws IOException if the archive or the sink cannot be read or written
   */
  static Checked read(InputStream in, String expectedManifestSha256, Sink sink) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry first = nextEntry(zip);
      if (first == null || !first.getName().equals(MANIFEST)) {
        throw refused("is not a Hotline backup: its first entry is not " + MANIFEST);
      }
      byte[] manifestBytes = readManifest(zip);
      if (manifestBytes.length > MANIFEST_BYTES_MAX) {
        throw refused("has a " + MANIFEST + " over " + MANIFEST_BYTES_MAX + " bytes");
      }
      String manifestSha256 = sha256(manifestBytes);
      if (expectedManifestSha256 != null && !expectedManifestSha256.equals(manifestSha256)) {
        throw refused(
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
        ZipEntry entry = nextEntry(zip);
        if (entry == null) {
          throw refused("lacks " + unread.keySet().stream().sorted().toList() + ", listed in it");
        }
        BackupManifest.Entry file = unread.remove(entry.getName());
        if (file == null || !file.equals(listed)) {
          throw refused(
              "holds '"
                  + entry.getName()
                  + "' where its manifest lists "
                  + listed.path()
                  + " (an added, repeated or reordered file)");
        }
        copyChecked(zip, file, sink);
        entries.add(entry);
      }
      ZipEntry extra = nextEntry(zip);
      if (extra != null) {
        throw refused("holds '" + extra.getName() + "', which its manifest does not list");
      }
      // The last entry's size and CRC-32 are filled in once the reader has passed its end.
      return new Checked(manifest, manifestSha256, List.copyOf(entries));
    }
  }

  /**
   * Checks that the central directory at the end of {@code archive}, which other zip tools read,
   * lists exactly the entries {@link #read} checked, in order, with the same sizes and CRC-32: so
   * that {@code unzip} cannot find other content than what the restore checked.
   *
   * @throws InvalidInputException naming the first entry that differs
   */
  static void checkDirectory(Path archive, List<ZipEntry> read) {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      List<? extends ZipEntry> listed = zip.stream().toList();
      for (int index = 0; index < Math.max(listed.size(), read.size()); index++) {
        ZipEntry inDirectory = index < listed.size() ? listed.get(index) : null;
        ZipEntry checked = index < read.size() ? read.get(index) : null;
        if (inDirectory == null
            || checked == null
            || !inDirectory.getName().equals(checked.getName())
            || inDirectory.getSize() != checked.getSize()
            || inDirectory.getCrc() != checked.getCrc()) {
          throw refused(
              "has a central directory that lists "
                  + describe(inDirectory)
                  + " where its entries hold "
                  + describe(checked));
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw unreadable(e);
    } catch (IOException e) {
      throw new InvalidInputException("in", "cannot read " + archive + ": " + e.getMessage());
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

  private static byte[] readManifest(ZipInputStream zip) {
    try {
      return zip.readNBytes(MANIFEST_BYTES_MAX + 1);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static void copyChecked(ZipInputStream zip, BackupManifest.Entry file, Sink sink)
      throws IOException {
    MessageDigest digest = sha256();
    long copied = 0;
    try (OutputStream out = new DigestOutputStream(sink.open(file), digest)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      int read;
      while ((read = readData(zip, buffer)) >= 0) {
        copied += read;
        if (copied > file.size()) {
          throw refused("holds more than the " + file.size() + " bytes listed for " + file.path());
        }
        out.write(buffer, 0, read);
      }
    }
    if (copied != file.size()) {
      throw refused("holds " + copied + " bytes of " + file.path() + ", not " + file.size());
    }
    if (!HexFormat.of().formatHex(digest.digest()).equals(file.sha256())) {
      throw refused("holds a " + file.path() + " whose SHA-256 is not the one listed");
    }
  }

  private static int readData(ZipInputStream zip, byte[] buffer) {
    try {
      return zip.read(buffer);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static InvalidInputException unreadable(Exception e) {
    return refused(
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

  private static InvalidInputException refused(String why) {
    return new InvalidInputException("in", "the archive " + why);
  }
}
