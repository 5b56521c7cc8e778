package org.hotline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.PartyId;
import org.hotline.identity.SigningKeyPem;
import org.hotline.identity.TlsIdentity;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.transcript.NoteSigner;

/**
 * A node's data directory: configuration, keys, API token and database. The layout:
 *
 * <pre>
 * hotline.json      configuration (NodeConfig), mode 0600
 * signing.key       Ed25519 signing key, PKCS#8 PEM, mode 0600
 * tls.key           TLS private key (P-256), PKCS#8 PEM, mode 0600
 * tls.crt           TLS certificate, self-signed; peers pin its SHA-256
 * api.token         bearer token for the console/API port, mode 0600
 * hotline.db        SQLite database (plus -wal and -shm while open), mode 0600
 * witness.key       Ed25519 cosigning key of the witness, mode 0600; only on a node that acts
 *                   as a witness (hotline witness init)
 * </pre>
 *
 * Immutable and thread-safe once opened.
 */
public final class NodeHome {
  static final String CONFIG = "hotline.json";
  static final String SIGNING_KEY = "signing.key";
  static final String TLS_KEY = "tls.key";
  static final String TLS_CERTIFICATE = "tls.crt";
  static final String API_TOKEN = "api.token";
  static final String DATABASE = "hotline.db";
  static final String WITNESS_KEY = "witness.key";

  /** 256 bits of token: unguessable, and short enough to paste. */
  private static final int TOKEN_BYTES = 32;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path dir;
  private final NodeConfig config;
  private final NoteSigner signer;
  private final TlsIdentity tls;
  private final String token;

  private NodeHome(Path dir, NodeConfig config, NoteSigner signer, TlsIdentity tls, String token) {
    this.dir = dir;
    this.config = config;
    this.signer = signer;
    this.tls = tls;
    this.token = token;
  }

  /** Creates a new data directory; refuses if {@code dir} already holds a node. */
  public static NodeHome init(
      Path dir,
      PartyId party,
      String name,
      String federationBind,
      int federationPort,
      int consolePort,
      List<String> publicEndpoints,
      Clock clock) {
    if (Files.exists(dir.resolve(CONFIG)) || Files.exists(dir.resolve(DATABASE))) {
      throw new ConflictException(dir + " already holds a node; refusing to overwrite it");
    }
    checkPort("federation-port", federationPort);
    checkPort("console-port", consolePort);
    if (publicEndpoints.isEmpty()
        && (federationBind.equals("0.0.0.0") || federationBind.equals("::"))) {
      throw new InvalidInputException(
          "endpoint",
          "with --federation-bind "
              + federationBind
              + ", give --endpoint https://HOST:PORT: the address peers use to reach this node");
    }
    List<String> endpoints =
        publicEndpoints.isEmpty()
            ? List.of("https://" + federationBind + ":" + federationPort)
            : publicEndpoints;
    for (String endpoint : endpoints) {
      checkEndpoint(endpoint);
    }
    NodeConfig config =
        new NodeConfig(
            party.value(),
            name,
            federationBind,
            federationPort,
            endpoints,
            NodeConfig.BIND_DEFAULT,
            consolePort,
            null,
            null);
    SecureRandom random = new SecureRandom();
    NoteSigner signer = NoteSigner.generate(IdentityCard.signingKeyName(party), random);
    TlsIdentity tls = TlsIdentity.generate(party, clock.instant(), random);
    new IdentityCard(
        IdentityCard.CURRENT_VERSION,
        party,
        name,
        signer.verifier().vkey(),
        tls.fingerprint(),
        endpoints);
    byte[] tokenBytes = new byte[TOKEN_BYTES];
    random.nextBytes(tokenBytes);
    String token = HexFormat.of().formatHex(tokenBytes);
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      writeSecret(dir.resolve(SIGNING_KEY), SigningKeyPem.encode(signer.seed()));
      writeSecret(dir.resolve(TLS_KEY), tls.privateKeyPem());
      writeSecret(dir.resolve(API_TOKEN), token + "\n");
      Files.writeString(
          dir.resolve(TLS_CERTIFICATE), tls.certificatePem(), StandardOpenOption.CREATE_NEW);
      createOwnerOnly(dir.resolve(CONFIG));
      Files.write(
          dir.resolve(CONFIG),
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    } catch (FileAlreadyExistsException e) {
      throw new ConflictException(
          dir + " already holds " + e.getFile() + "; refusing to overwrite it");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
    }
    // Opening the store runs the migrations: the database exists and is empty.
    SqliteStore.open(dir.resolve(DATABASE), Json.mapper()).close();
    return new NodeHome(dir, config, signer, tls, token);
  }

  /**
   * Opens an existing data directory; throws {@link InvalidInputException} naming what is missing.
   */
  public static NodeHome open(Path dir) {
    Path configFile = dir.resolve(CONFIG);
    if (!Files.isRegularFile(configFile)) {
      throw new InvalidInputException(
          "dir",
          dir
              + " is not a Hotline data directory (no "
              + CONFIG
              + "); create one with hotline init");
    }
    try {
      NodeConfig config = Json.mapper().readValue(configFile.toFile(), NodeConfig.class);
      PartyId party = PartyId.of(config.party());
      NoteSigner signer =
          NoteSigner.fromSeed(
              IdentityCard.signingKeyName(party),
              SigningKeyPem.decode(Files.readString(dir.resolve(SIGNING_KEY))));
      TlsIdentity tls =
          TlsIdentity.fromPem(
              Files.readString(dir.resolve(TLS_KEY)),
              Files.readString(dir.resolve(TLS_CERTIFICATE)));
      String token = Files.readString(dir.resolve(API_TOKEN)).trim();
      if (token.length() < TOKEN_BYTES) {
        throw new InvalidInputException(
            "dir",
            dir.resolve(API_TOKEN)
                + " holds no usable token (at least "
                + TOKEN_BYTES
                + " characters)");
      }
      return new NodeHome(dir, config, signer, tls, token);
    } catch (IOException e) {
      throw new InvalidInputException("dir", "cannot read " + dir + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("dir", "cannot read " + dir + ": " + e.getMessage());
    }
  }

  private static void checkPort(String field, int port) {
    if (port < 0 || port > 65_535) {
      throw new InvalidInputException(field, field + " must be 0 to 65535, got " + port);
    }
  }

  static void checkEndpoint(String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
        throw new IllegalArgumentException("shape");
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "endpoint", "endpoint must look like https://HOST:PORT, got '" + endpoint + "'");
    }
  }

  /**
   * The witness's own cosigning key under the configured witness name. It is never the party's
   * signing key: a cosignature by the party's key is a receipt, a promise that entries were stored,
   * which a witness does not make.
   *
   * @throws InvalidInputException if the node is not configured as a witness or the key is missing
   */
  public NoteSigner witnessSigner() {
    if (config.witness() == null) {
      throw new InvalidInputException(
          "witness", dir + " is not set up as a witness; run hotline witness init");
    }
    try {
      return NoteSigner.fromSeed(
          config.witness().name(),
          SigningKeyPem.decode(Files.readString(dir.resolve(WITNESS_KEY))));
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "witness",
          "cannot read the witness key " + dir.resolve(WITNESS_KEY) + ": " + e.getMessage());
    }
  }

  /** Creates the witness's cosigning key file; refuses to replace an existing one. */
  static NoteSigner createWitnessKey(Path dir, String name) {
    NoteSigner signer = NoteSigner.generate(name, new SecureRandom());
    try {
      writeSecret(dir.resolve(WITNESS_KEY), SigningKeyPem.encode(signer.seed()));
    } catch (FileAlreadyExistsException e) {
      throw new ConflictException(
          dir.resolve(WITNESS_KEY) + " already exists; this node already has a witness key");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + dir.resolve(WITNESS_KEY) + ": " + e.getMessage(), e);
    }
    return signer;
  }

  private static void writeSecret(Path file, String content) throws IOException {
    createOwnerOnly(file);
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /**
   * Creates an empty file that only its owner may read or write (0600), whatever the umask; fails
   * if it exists. For the keys, the token, the configuration (it may hold webhook secrets and an
   * SMTP password) and the exported transcripts (every message of a link).
   */
  static void createOwnerOnly(Path file) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
  }

  public Path dir() {
    return dir;
  }

  public NodeConfig config() {
    return config;
  }

  public PartyId party() {
    return PartyId.of(config.party());
  }

  public NoteSigner signer() {
    return signer;
  }

  public TlsIdentity tls() {
    return tls;
  }

  public String token() {
    return token;
  }

  /**
   * The node's database, which {@link #init} created: every command that opens it comes here.
   *
   * @throws InvalidInputException if it is missing or empty (a restore cut short, a file deleted):
   *     opening it would create an empty one, and the node would sign its log again from the start
   *     under the same key, a second history its peers take for equivocation
   */
  public Path database() {
    Path database = dir.resolve(DATABASE);
    try {
      if (Files.isRegularFile(database) && Files.size(database) > 0) {
        return database;
      }
    } catch (IOException e) {
      // unreadable: refused as missing, with the reason below
    }
    throw new InvalidInputException(
        "dir",
        dir
            + " holds this node's keys and "
            + CONFIG
            + " but "
            + DATABASE
            + " is missing or empty: starting with an empty database would sign a second history"
            + " of this node's log under the same key, which its peers see as equivocation;"
            + " restore the directory from a backup (hotline restore)");
  }

  public URI apiBase() {
    String host = config.consoleBind().equals("0.0.0.0") ? "127.0.0.1" : config.consoleBind();
    return URI.create(
        (config.console().tls() ? "https://" : "http://")
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + config.consolePort());
  }

  public IdentityCard card() {
    return new IdentityCard(
        IdentityCard.CURRENT_VERSION,
        party(),
        config.name(),
        signer.verifier().vkey(),
        tls.fingerprint(),
        config.publicEndpoints());
  }

  /** The configuration file as a JSON tree, for a command that changes some of its fields. */
  static ObjectNode readConfig(Path dir) {
    try {
      JsonNode config = Json.mapper().readTree(dir.resolve(CONFIG).toFile());
      if (!(config instanceof ObjectNode object)) {
        throw new InvalidInputException("dir", dir.resolve(CONFIG) + " is not a JSON object");
      }
      return object;
    } catch (IOException e) {
      throw new InvalidInputException(
          "dir", "cannot read " + dir.resolve(CONFIG) + ": " + e.getMessage());
    }
  }

  /**
   * Writes the new configuration beside the old one, checks it loads, then replaces the old one.
   */
  static void writeConfig(Path dir, ObjectNode config) {
    Path file = dir.resolve(CONFIG);
    Path next = dir.resolve(CONFIG + ".new");
    try {
      Files.deleteIfExists(next);
      createOwnerOnly(next);
      Files.write(next, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
      NodeConfig checked = Json.mapper().readValue(next.toFile(), NodeConfig.class);
      if (checked.witness() != null) {
        checked.witness().witnessedLogs();
      }
      WitnessSettings.endpoints(checked.witnesses());
      checked.batchLimits();
      Files.move(
          next,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(next);
      } catch (IOException e) {
        // the new file was moved into place or never written; nothing to clean up
      }
    }
  }
}
