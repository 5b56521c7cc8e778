package org.hotline.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.PartyId;
import org.hotline.link.Peer;

/**
 * What the CLI asks of the node's composition root for commands that work on a data directory
 * rather than through the running node's API. Implemented in {@code app}; errors are {@code
 * HotlineException}s, which the CLI prints as one line.
 */
public interface NodeOperations {
  /** Options of {@code hotline init}. */
  record InitOptions(
      Path dir,
      PartyId party,
      String name,
      String federationBind,
      int federationPort,
      int consolePort,
      List<String> endpoints) {}

  /** Where the running node's API is, and the token to use. */
  record ApiTarget(URI base, String token) {}

  /** Creates a data directory and returns its identity card. */
  IdentityCard init(InitOptions options);

  IdentityCard identity(Path dir);

  void addPeer(Path dir, IdentityCard card, List<URI> endpoints, Peer.Mode mode);

  List<Peer> peers(Path dir);

  void removePeer(Path dir, PartyId party);

  /** Runs the node until the process is asked to stop. */
  void serve(Path dir) throws InterruptedException;

  ApiTarget api(Path dir);

  /** Starts a seeded two-party network and runs it until the process is asked to stop. */
  void demo(Path dir) throws InterruptedException;

  /** Re-checks everything the node at {@code dir} stores. */
  org.hotline.record.RecordVerifier.Report verify(Path dir);

  /**
   * What {@code hotline backup} wrote.
   *
   * @param files how many files the archive holds besides its manifest
   * @param bytes the archive's size
   * @param manifestSha256 the SHA-256 of the archive's manifest, which lists every file's SHA-256
   * @param notIncluded files the node uses that the archive does not hold, each with the reason
   */
  record BackupResult(
      PartyId party,
      Path out,
      int files,
      long bytes,
      String manifestSha256,
      List<String> notIncluded) {}

  /**
   * What {@code hotline restore} restored.
   *
   * @param dir the data directory restored into, as the system resolves it: verify reads this one
   * @param created when the backup was taken
   * @param bytes the size of the restored files
   */
  record RestoreResult(
      Path dir,
      PartyId party,
      java.time.Instant created,
      int files,
      long bytes,
      String manifestSha256) {}

  /**
   * Writes a consistent backup of the data directory {@code dir}, whose node may be running, to the
   * archive {@code out}; refuses to replace an existing {@code out} unless {@code force}.
   */
  BackupResult backup(Path dir, Path out, boolean force);

  /**
   * Checks the archive {@code in} (against {@code expectedManifestSha256} unless null) and restores
   * it into {@code dir}, which must be empty or absent; writes nothing if the check fails.
   */
  RestoreResult restore(Path in, Path dir, String expectedManifestSha256);

  /**
   * Recovers the log of the node at {@code dir} (which must not be running) to {@code peer} from
   * the peer's copy of it (docs/operations.md §10.7); {@code card} and {@code endpoints} pin the
   * peer again when the directory lost its database (null and empty otherwise).
   */
  org.hotline.link.Recovery.Result recover(
      Path dir, PartyId peer, IdentityCard card, List<java.net.URI> endpoints);

  /**
   * Writes the transcript of the link with {@code peer} to {@code out}; returns the entry count.
   */
  long export(Path dir, PartyId peer, Path out);

  /**
   * The words of a situation report in {@code language} ({@code en} or {@code zh}); null for the
   * node's console language ({@code console.language}), English if it has none.
   */
  org.hotline.record.SitrepHtml.Words sitrepWords(Path dir, String language);

  /**
   * The situation report bundle of {@code incident}, read from the node at {@code dir} (running or
   * not), as of the logs' stored sizes; with its proofs appendix when {@code proofs}.
   */
  java.util.Map<String, Object> sitrep(
      Path dir,
      org.hotline.link.entry.MessageId incident,
      org.hotline.record.SituationReport.Header header,
      boolean proofs);

  /**
   * Adds a console user whose console speaks {@code language} (null: the node's default); {@code
   * password} is cleared afterwards.
   */
  org.hotline.console.User addUser(
      Path dir, String username, org.hotline.console.Role role, char[] password, String language);

  List<org.hotline.console.User> users(Path dir);

  void disableUser(Path dir, String username);

  void enableUser(Path dir, String username);

  /** Sets a user's password and lifts any lockout; {@code password} is cleared afterwards. */
  void setPassword(Path dir, String username, char[] password);

  /**
   * Each user's second factor, by username: {@code enrolled <time>}, {@code due at next sign-in}
   * (their role requires one) or {@code not used}.
   */
  java.util.Map<String, String> secondFactors(Path dir);

  /** Removes a user's second factor and recovery codes; their next sign-in enrols a new one. */
  void resetSecondFactor(Path dir, String username);

  /**
   * Runs the link benchmark with both nodes sending {@code batches} (entries per batch, batches in
   * flight) and prints its figures.
   */
  void bench(int warmup, int messages, org.hotline.link.BatchLimits batches, boolean json)
      throws Exception;

  /**
   * Fills two new data directories under {@code dir} (a temporary one if null) with {@code entries}
   * messages, in batches as the link sends them or each under its own checkpoint; prints where.
   */
  void benchRecord(int entries, Path dir, boolean checkpointPerEntry, boolean json)
      throws Exception;

  /** Measures proof generation and verification; prints the figures. */
  void benchProofs(boolean json) throws Exception;

  /**
   * What {@code hotline witness show} prints: this node's witness (null {@code key} if it is not
   * one) with each witnessed log's latest cosigned size, and the witnesses this node submits to
   * with the size each has cosigned of each outgoing log.
   */
  record WitnessStatus(
      String key, String url, List<WitnessedLogStatus> logs, List<WitnessUseStatus> witnesses) {}

  /** A log this node witnesses; {@code size} is 0 and {@code at} null until it cosigned one. */
  record WitnessedLogStatus(String origin, String key, long size, java.time.Instant at) {}

  /** A witness this node submits to, and the size it has cosigned of each outgoing log. */
  record WitnessUseStatus(String url, String key, java.util.Map<String, Long> witnessedSizes) {}

  /**
   * Makes the node a witness: creates its cosigning key and the witness section of the
   * configuration.
   */
  WitnessStatus witnessInit(Path dir, String name, String bind, int port);

  /** Adds a log to those the node witnesses. */
  void witnessAddLog(Path dir, String origin, String key);

  /** Adds a witness that the node submits its outgoing logs' checkpoints to. */
  void witnessUse(Path dir, String url, String key);

  WitnessStatus witness(Path dir);
}
