package org.hotline.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.identity.PartyId;

/**
 * The table of contents of a backup archive ({@code manifest.json}, its first entry): the format
 * version, the party whose data directory it is, when it was taken, and each file with its size and
 * SHA-256. The SHA-256 of the manifest's own bytes, which {@code hotline backup} prints, therefore
 * stands for the whole archive. docs/operations.md §10 describes it. Immutable and thread-safe.
 *
 * @param formatVersion {@value #FORMAT_VERSION}; a later version that changes the layout says so
 * @param party the party whose node this is, as in its {@code hotline.json}
 * @param created when the backup was taken
 * @param files every file of the archive but the manifest, in the order they follow it
 */
public record BackupManifest(
    int formatVersion, String party, Instant created, List<BackupManifest.Entry> files) {
  /** The layout this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** A data directory holds about ten files; a manifest listing thousands is not one of ours. */
  static final int FILES_MAX = 64;

  /**
   * Relative paths of plain names, without {@code .} or {@code ..} segments (no segment starts with
   * a dot), no absolute path and no backslash: a path can only name a file inside the directory it
   * is restored into. Eight levels and 128 characters a segment are far beyond the node's layout.
   */
  private static final Pattern PATH =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9_][A-Za-z0-9._-]{0,127}){0,7}");

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** What a node cannot start without; an archive without one of them is not a node's backup. */
  static final List<String> REQUIRED =
      List.of(
          NodeHome.CONFIG,
          NodeHome.SIGNING_KEY,
          NodeHome.TLS_KEY,
          NodeHome.TLS_CERTIFICATE,
          NodeHome.API_TOKEN,
          NodeHome.DATABASE);

  /**
   * One file of the archive.
   *
   * @param path where it goes, relative to the data directory, {@code /}-separated
   * @param size its length in bytes
   * @param sha256 the SHA-256 of its content, lowercase hex
   */
  public record Entry(String path, long size, String sha256) {}

  public BackupManifest {
    files = files == null ? null : List.copyOf(files);
  }

  /**
   * Reads and checks a manifest.
   *
   * @throws InvalidInputException naming what is wrong: not JSON of this shape, a version this code
   *     does not read, a path that could leave the directory, a file listed twice, a required file
   *     missing
   */
  static BackupManifest read(byte[] json) {
    BackupManifest manifest;
    try {
      manifest = Json.mapper().readValue(json, BackupManifest.class);
    } catch (JsonProcessingException e) {
      throw refused("is not a backup manifest: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw refused("cannot be read: " + e.getMessage());
    }
    if (manifest == null) {
      throw refused("is empty");
    }
    manifest.check();
    return manifest;
  }

  /** The manifest as it is stored in the archive. */
  byte[] bytes() {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest always has a JSON form", e);
    }
  }

  private void check() {
    if (formatVersion != FORMAT_VERSION) {
      throw refused(
          "has format version "
              + formatVersion
              + "; this version of hotline reads version "
              + FORMAT_VERSION);
    }
    if (party == null || created == null || files == null) {
      throw refused("lacks party, created or files");
    }
    PartyId.of(party);
    if (files.size() > FILES_MAX) {
      throw refused("lists " + files.size() + " files, more than " + FILES_MAX);
    }
    Set<String> paths = new HashSet<>();
    for (Entry file : files) {
      checkEntry(file);
      if (!paths.add(file.path())) {
        throw refused("lists " + file.path() + " twice");
      }
    }
    for (String path : paths) {
      int slash = path.lastIndexOf('/');
      while (slash > 0) {
        if (paths.contains(path.substring(0, slash))) {
          throw refused("lists " + path.substring(0, slash) + " both as a file and a directory");
        }
        slash = path.lastIndexOf('/', slash - 1);
      }
    }
    for (String required : REQUIRED) {
      if (!paths.contains(required)) {
        throw refused("lacks " + required + ", without which a node cannot start");
      }
    }
  }

  /** Whether {@code path} is one a manifest may list (see {@link #PATH}). */
  static boolean isPlainPath(String path) {
    return PATH.matcher(path).matches() && !path.equals(BackupArchive.MANIFEST);
  }

  private static void checkEntry(Entry file) {
    if (file == null || file.path() == null || file.sha256() == null) {
      throw refused("has a file without path or sha256");
    }
    if (!isPlainPath(file.path())) {
      throw refused(
          "names a file at '"
              + file.path()
              + "', which is not a plain relative path inside the data directory");
    }
    if (file.size() < 0 || !SHA256.matcher(file.sha256()).matches()) {
      throw refused("gives " + file.path() + " a negative size or a malformed sha256");
    }
  }

  private static InvalidInputException refused(String why) {
    return new InvalidInputException("in", "the archive's " + BackupArchive.MANIFEST + " " + why);
  }
}
