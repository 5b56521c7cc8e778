package org.hotline.crisis;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.hotline.Json;

/**
 * The hash of a shared state: lower-case hex SHA-256 of its JSON in the canonical form of RFC 8785
 * (JSON Canonicalization Scheme: names sorted by UTF-16 code units, no whitespace, ECMAScript
 * string and number forms), so that another implementation that builds the same state reproduces it
 * byte for byte (docs/protocol.md §20.5).
 */
public final class StateHash {
  private StateHash() {}

  public static String of(Map<String, Object> state) {
    return HexFormat.of().formatHex(sha256(canonicalJson(state)));
  }

  /** The state's RFC 8785 canonical JSON, UTF-8. */
  public static byte[] canonicalJson(Map<String, Object> state) {
    try {
      return new JsonCanonicalizer(Json.mapper().writeValueAsString(state)).getEncodedUTF8();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a state is strings, integers, lists and maps", e);
    } catch (IOException e) {
      throw new IllegalStateException("the canonicalizer refused JSON that Jackson wrote", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
