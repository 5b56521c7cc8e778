package org.hotline.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <token>} in constant time; answers 401 otherwise. */
final class BearerAuth implements Handler {
  private static final String PREFIX = "Bearer ";
  private final byte[] token;

  BearerAuth(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith(PREFIX)) {
      throw new Unauthorized(
          "missing bearer token: send Authorization: Bearer <contents of DIR/api.token>");
    }
    byte[] offered = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(offered, token)) {
      throw new Unauthorized("the bearer token is not this node's API token");
    }
  }

  static final class Unauthorized extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unauthorized(String message) {
      super(message, null, false, false);
    }
  }
}
