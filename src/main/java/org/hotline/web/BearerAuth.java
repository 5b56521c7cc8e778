package org.hotline.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time against each token allowed on the
 * path; answers 401 otherwise.
 */
final class BearerAuth implements Handler {
  private static final String PREFIX = "Bearer ";
  private final List<byte[]> tokens;
  private final String which;

  /** Allows the node's API token only. */
  BearerAuth(String token) {
    this(List.of(token));
  }

  /** Allows any of {@code tokens}: the API token first, then the metrics token if configured. */
  BearerAuth(List<String> tokens) {
    this.tokens = tokens.stream().map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    this.which = tokens.size() == 1 ? "this node's API token" : "this node's API or metrics token";
  }

  @Override
  public void handle(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith(PREFIX)) {
      throw new Unauthorized(
          "missing bearer token: send Authorization: Bearer <contents of DIR/api.token>");
    }
    byte[] offered = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
    boolean known = false;
    for (byte[] token : tokens) {
      known |= MessageDigest.isEqual(offered, token);
    }
    if (!known) {
      throw new Unauthorized("the bearer token is not " + which);
    }
  }

  static final class Unauthorized extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unauthorized(String message) {
      super(message, null, false, false);
    }
  }
}
