package org.hotline.app;

import java.net.URI;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.TranscriptFormatException;
import org.hotline.witness.WitnessEndpoint;
import org.hotline.witness.WitnessedLog;

/**
 * The {@code witness} section of {@code hotline.json}: this node acts as a witness (C2SP
 * tlog-witness) for the listed logs, on a listener of its own. See docs/witness.md.
 *
 * @param name the key name of the witness's cosigning key ({@code witness.key}), e.g. {@code
 *     witness/osce}; it appears on every cosignature line
 * @param bind address the witness listener binds to
 * @param port the witness listener's port
 * @param logs the logs witnessed: origin line and the verifier key their checkpoints are signed by
 */
public record WitnessSettings(String name, String bind, int port, List<Log> logs) {
  public static final int PORT_DEFAULT = 7380;

  /**
   * Logs one witness serves: each costs one row and one lock; a witness for a whole network of
   * links fits.
   */
  public static final int LOGS_MAX = 1_000;

  /** Witnesses one node submits to: one thread and one request per receipt round each. */
  public static final int WITNESSES_USED_MAX = 8;

  public WitnessSettings {
    logs = logs == null ? List.of() : List.copyOf(logs);
    if (logs.size() > LOGS_MAX) {
      throw new InvalidInputException(
          "witness.logs", "a witness serves at most " + LOGS_MAX + " logs");
    }
  }

  /** One witnessed log. */
  public record Log(String origin, String key) {}

  /**
   * One witness this node submits its outgoing logs' checkpoints to.
   *
   * @param url the witness's submission prefix, e.g. {@code http://witness.example:7380/witness/v1}
   * @param key the witness's verifier key, obtained from its operator
   */
  public record Use(String url, String key) {}

  /** The witnessed logs as the domain takes them; a bad origin or key stops the node at start. */
  List<WitnessedLog> witnessedLogs() {
    return logs.stream()
        .map(
            log ->
                new WitnessedLog(origin(log.origin()), verifier("witness.logs[].key", log.key())))
        .toList();
  }

  static List<WitnessEndpoint> endpoints(List<Use> uses) {
    if (uses == null) {
      return List.of();
    }
    if (uses.size() > WITNESSES_USED_MAX) {
      throw new InvalidInputException(
          "witnesses", "a node submits to at most " + WITNESSES_USED_MAX + " witnesses");
    }
    return uses.stream()
        .map(use -> new WitnessEndpoint(url(use.url()), verifier("witnesses[].key", use.key())))
        .toList();
  }

  static URI url(String url) {
    try {
      URI uri = URI.create(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("shape");
      }
      return uri;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidInputException(
          "url", "a witness URL must look like http(s)://HOST:PORT/witness/v1, got '" + url + "'");
    }
  }

  static NoteVerifier verifier(String field, String vkey) {
    try {
      return NoteVerifier.parse(vkey);
    } catch (TranscriptFormatException | NullPointerException e) {
      throw new InvalidInputException(
          field, "not a verifier key (name+keyid+base64): " + e.getMessage());
    }
  }

  static String origin(String origin) {
    try {
      return new Checkpoint(origin, 0, MerkleHash.emptyRoot()).origin();
    } catch (TranscriptFormatException | NullPointerException e) {
      throw new InvalidInputException("origin", "not a checkpoint origin line: " + e.getMessage());
    }
  }
}
