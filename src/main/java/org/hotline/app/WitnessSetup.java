package org.hotline.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.cli.NodeOperations;
import org.hotline.federation.WitnessServer;
import org.hotline.identity.LogOrigin;
import org.hotline.link.Peer;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.TranscriptFormatException;
import org.hotline.witness.WitnessStore;

/**
 * {@code hotline witness …}: sets up the two witness roles in a data directory by editing the
 * {@code witness} and {@code witnesses} sections of {@code hotline.json}, leaving every other field
 * as it is. Like every configuration change, it takes effect when the node next starts.
 */
public final class WitnessSetup {
  private WitnessSetup() {}

  public static NodeOperations.WitnessStatus init(Path dir, String name, String bind, int port) {
    NodeHome home = NodeHome.open(dir);
    if (home.config().witness() != null) {
      throw new ConflictException(
          dir + " is already a witness (" + home.config().witness().name() + ")");
    }
    if (port < 0 || port > 65_535) {
      throw new InvalidInputException("port", "port must be 0 to 65535, got " + port);
    }
    String keyName = name == null ? "witness/" + home.party() : name;
    try {
      NoteSigner.fromSeed(keyName, new byte[32]);
    } catch (TranscriptFormatException e) {
      throw new InvalidInputException(
          "name", "the witness name is not a key name: " + e.getMessage());
    }
    NodeHome.createWitnessKey(dir, keyName);
    ObjectNode config = NodeHome.readConfig(dir);
    ObjectNode witness = config.putObject("witness");
    witness.put("name", keyName).put("bind", bind).put("port", port).putArray("logs");
    NodeHome.writeConfig(dir, config);
    return status(dir);
  }

  public static void addLog(Path dir, String origin, String key) {
    NodeHome home = NodeHome.open(dir);
    if (home.config().witness() == null) {
      throw new InvalidInputException(
          "dir", dir + " is not a witness yet; run hotline witness init first");
    }
    WitnessSettings.origin(origin);
    WitnessSettings.verifier("key", key);
    if (home.config().witness().logs().stream().anyMatch(log -> log.origin().equals(origin))) {
      throw new ConflictException("the witness already witnesses " + origin);
    }
    ObjectNode config = NodeHome.readConfig(dir);
    ObjectNode witness = (ObjectNode) config.get("witness");
    ArrayNode logs =
        witness.has("logs") ? (ArrayNode) witness.get("logs") : witness.putArray("logs");
    logs.addObject().put("origin", origin).put("key", WitnessSettings.verifier("key", key).vkey());
    NodeHome.writeConfig(dir, config);
  }

  public static void use(Path dir, String url, String key) {
    NodeHome home = NodeHome.open(dir);
    WitnessSettings.url(url);
    String vkey = WitnessSettings.verifier("key", key).vkey();
    List<WitnessSettings.Use> uses =
        home.config().witnesses() == null ? List.of() : home.config().witnesses();
    if (uses.stream().anyMatch(use -> use.key().equals(vkey))) {
      throw new ConflictException("the node already submits to the witness " + vkey);
    }
    if (uses.size() >= WitnessSettings.WITNESSES_USED_MAX) {
      throw new InvalidInputException(
          "witnesses",
          "a node submits to at most " + WitnessSettings.WITNESSES_USED_MAX + " witnesses");
    }
    ObjectNode config = NodeHome.readConfig(dir);
    ArrayNode witnesses =
        config.get("witnesses") instanceof ArrayNode array ? array : config.putArray("witnesses");
    witnesses.addObject().put("url", url).put("key", vkey);
    NodeHome.writeConfig(dir, config);
  }

  public static NodeOperations.WitnessStatus status(Path dir) {
    NodeHome home = NodeHome.open(dir);
    WitnessSettings witness = home.config().witness();
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      List<NodeOperations.WitnessedLogStatus> logs = new ArrayList<>();
      String key = null;
      String url = null;
      if (witness != null) {
        key = home.witnessSigner().verifier().vkey();
        url = "http://" + witness.bind() + ":" + witness.port() + WitnessServer.SUBMISSION_PREFIX;
        for (WitnessSettings.Log log : witness.logs()) {
          var latest = store.witnessStore().witnessed(log.origin());
          logs.add(
              new NodeOperations.WitnessedLogStatus(
                  log.origin(),
                  log.key(),
                  latest.map(WitnessStore.Witnessed::size).orElse(0L),
                  latest.map(WitnessStore.Witnessed::at).orElse(null)));
        }
      }
      List<NodeOperations.WitnessUseStatus> uses = new ArrayList<>();
      for (WitnessSettings.Use use :
          home.config().witnesses() == null
              ? List.<WitnessSettings.Use>of()
              : home.config().witnesses()) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Peer peer : store.peers()) {
          LogOrigin log = new LogOrigin(home.party(), peer.id());
          sizes.put(log.text(), store.witnessCosignatureStore().witnessedSize(log, use.key()));
        }
        uses.add(new NodeOperations.WitnessUseStatus(use.url(), use.key(), sizes));
      }
      return new NodeOperations.WitnessStatus(key, url, logs, uses);
    }
  }
}
