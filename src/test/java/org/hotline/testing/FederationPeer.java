package org.hotline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.Json;
import org.hotline.app.NodeHome;
import org.hotline.federation.Tls;
import org.hotline.identity.IdentityCard;

/**
 * Speaks to a node's federation port as one of its pinned peers, holding that peer's TLS key: the
 * position of anyone who can replay or duplicate that peer's traffic at the application level (a
 * retransmitting middlebox, a confused or compromised sender). Unlike {@link TestPeer}, which is a
 * party of its own, it speaks as an existing node. Thread-safe.
 */
public final class FederationPeer implements AutoCloseable {
  /** The federation client's own request timeout. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient client;
  private final URI endpoint;

  /**
   * A client presenting {@code as}'s TLS identity to {@code target}, pinning {@code target}'s
   * certificate.
   */
  public FederationPeer(NodeHome as, IdentityCard target, URI endpoint) {
    String pinned = target.tlsCertificateSha256();
    this.client = TestPeer.client(Tls.context(as.tls(), pinned::equals));
    this.endpoint = endpoint;
  }

  /** The answer to a batch: the HTTP status, and the problem type (without prefix) when refused. */
  public record Answer(int status, String problem, String body) {}

  public Answer postBatch(byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/federation/v1/batches"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String problem = null;
      if (response.statusCode() != 200) {
        JsonNode type = Json.mapper().readTree(response.body()).get("type");
        problem = type == null ? null : type.asText().replaceFirst("^urn:hotline:problem:", "");
      }
      return new Answer(response.statusCode(), problem, response.body());
    } catch (IOException e) {
      throw new IllegalStateException("batch POST to " + endpoint + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A batch exactly as the sender sent it, rebuilt byte for byte from the sender's own durable
   * record: the entries between two consecutive checkpoints and the signed checkpoint that ends
   * them. The dispatcher only ever sends such spans, so this is the request body it posted.
   */
  public record SentBatch(String log, long firstSeq, long endSize, byte[] requestBody) {}

  /**
   * Every batch boundary of {@code log} in the sender's database (read-only, while the sender
   * runs): the sizes of its signed checkpoints, in order.
   */
  public static List<Long> checkpointSizes(Path senderDatabase, String log) {
    try (Connection connection = readOnly(senderDatabase);
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT size FROM checkpoints WHERE log = ? ORDER BY size")) {
      statement.setString(1, log);
      List<Long> sizes = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          sizes.add(rows.getLong(1));
        }
      }
      return sizes;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read checkpoints of " + log, e);
    }
  }

  /**
   * The batch the sender sent for entries {@code afterSize+1..endSize} (consecutive checkpoint
   * sizes).
   */
  public static SentBatch sentBatch(Path senderDatabase, String log, long afterSize, long endSize) {
    try (Connection connection = readOnly(senderDatabase)) {
      List<String> entries = new ArrayList<>();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT entry FROM log_entries WHERE log = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
        statement.setString(1, log);
        statement.setLong(2, afterSize);
        statement.setLong(3, endSize);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            entries.add(Base64.getEncoder().encodeToString(rows.getBytes(1)));
          }
        }
      }
      if (entries.size() != endSize - afterSize) {
        throw new IllegalStateException(
            log + " holds " + entries.size() + " entries in " + (afterSize + 1) + ".." + endSize);
      }
      String checkpoint;
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT note FROM checkpoints WHERE log = ? AND size = ?")) {
        statement.setString(1, log);
        statement.setLong(2, endSize);
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            throw new IllegalStateException("no checkpoint of " + log + " at size " + endSize);
          }
          checkpoint = rows.getString(1);
        }
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("log", log);
      body.put("first_seq", afterSize + 1);
      body.put("entries", entries);
      body.put("checkpoint", checkpoint);
      return new SentBatch(log, afterSize + 1, endSize, Json.mapper().writeValueAsBytes(body));
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot read the batch " + (afterSize + 1) + ".." + endSize + " of " + log, e);
    }
  }

  private static Connection readOnly(Path database) throws SQLException {
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    return DriverManager.getConnection(
        "jdbc:sqlite:" + database.toAbsolutePath(), config.toProperties());
  }

  @Override
  public void close() {
    client.close();
  }
}
