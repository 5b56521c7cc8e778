package org.hotline.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.transcript.NoteVerifier;

/**
 * A party's public description, exchanged out of band before pairing: id, display name, the
 * signed-note verifier key of its Ed25519 signing key, the SHA-256 fingerprint of its TLS
 * certificate (the certificate that the peer pins), and the endpoints where its federation port
 * listens. Immutable and thread-safe.
 *
 * @param signingKey a C2SP signed-note verifier key, {@code hotline/<party>+<keyid>+<base64>}
 * @param tlsCertificateSha256 lowercase hex SHA-256 of the DER certificate
 */
public record IdentityCard(
    int version,
    PartyId party,
    String name,
    String signingKey,
    String tlsCertificateSha256,
    List<String> endpoints) {

  public static final int CURRENT_VERSION = 1;

  /** Display names are shown on one line of a console; 200 characters is ample for any ministry. */
  public static final int NAME_LENGTH_MAX = 200;

  /** A node rarely has more than a primary and a couple of backup paths. */
  public static final int ENDPOINTS_MAX = 8;

  public IdentityCard {
    if (version != CURRENT_VERSION) {
      throw new InvalidInputException("version", "unsupported identity card version " + version);
    }
    if (party == null) {
      throw new InvalidInputException("party", "identity card has no party id");
    }
    if (name == null || name.isBlank() || name.length() > NAME_LENGTH_MAX) {
      throw new InvalidInputException(
          "name", "identity card name must be 1 to " + NAME_LENGTH_MAX + " characters");
    }
    NoteVerifier verifier = parseVerifier(signingKey);
    if (!verifier.keyName().equals(signingKeyName(party))) {
      throw new InvalidInputException(
          "signing_key",
          "signing key is named " + verifier.keyName() + ", expected " + signingKeyName(party));
    }
    if (tlsCertificateSha256 == null || !tlsCertificateSha256.matches("[0-9a-f]{64}")) {
      throw new InvalidInputException(
          "tls_certificate_sha256", "TLS certificate fingerprint must be 64 lowercase hex digits");
    }
    endpoints = List.copyOf(endpoints == null ? List.of() : endpoints);
    if (endpoints.size() > ENDPOINTS_MAX) {
      throw new InvalidInputException("endpoints", "at most " + ENDPOINTS_MAX + " endpoints");
    }
  }

  /** The signed-note key name a party signs with: {@code hotline/<party>}. */
  public static String signingKeyName(PartyId party) {
    return "hotline/" + party.value();
  }

  public NoteVerifier verifier() {
    return parseVerifier(signingKey);
  }

  private static NoteVerifier parseVerifier(String vkey) {
    if (vkey == null) {
      throw new InvalidInputException("signing_key", "identity card has no signing key");
    }
    try {
      return NoteVerifier.parse(vkey);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "signing_key", "signing key is not a valid verifier key: " + e.getMessage());
    }
  }

  /**
   * The fingerprint two people read aloud to each other before pairing, like a safety number:
   * SHA-256 over the party id, signing key and TLS fingerprint, shown as twelve groups of four hex
   * digits. A changed key or certificate changes it.
   */
  public String fingerprint() {
    String material = party.value() + "\n" + signingKey + "\n" + tlsCertificateSha256 + "\n";
    byte[] digest = sha256(material.getBytes(StandardCharsets.UTF_8));
    String hex = HexFormat.of().withUpperCase().formatHex(digest, 0, 24);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 4) {
      if (i > 0) {
        out.append(i % 16 == 0 ? "  " : " ");
      }
      out.append(hex, i, i + 4);
    }
    return out.toString();
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
