package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The console's static files, all served by the node from its own jar: htmx and its SSE extension
 * (from their webjars), the console's stylesheet and script, and the alarm tone. Nothing is loaded
 * from another origin. Read once at start. Thread-safe.
 */
final class Assets {
  /**
   * Long enough to spare the node on every page, short enough that an upgrade shows within minutes.
   */
  static final int MAX_AGE_SECONDS = 300;

  /** One file and its type; the bytes are never handed out for writing. */
  private static final class Asset {
    private final String contentType;
    private final byte[] bytes;

    Asset(String contentType, byte[] bytes) {
      this.contentType = contentType;
      this.bytes = bytes;
    }

    String contentType() {
      return contentType;
    }

    byte[] bytes() {
      return bytes.clone();
    }
  }

  private static final Map<String, Asset> ASSETS =
      Map.of(
          "htmx.min.js", new Asset("text/javascript", webjar("htmx.org", "dist/htmx.min.js")),
          "sse.js", new Asset("text/javascript", webjar("htmx-ext-sse", "sse.js")),
          "console.js", new Asset("text/javascript", resource("/console/console.js")),
          "console.css", new Asset("text/css", resource("/console/console.css")),
          "alarm.wav", new Asset("audio/wav", AlarmSound.wav()));

  private Assets() {}

  /** Browsers ask for it on every site; the console has none, and says so without a redirect. */
  static final String FAVICON = "/favicon.ico";

  static void register(JavalinConfig config) {
    config.routes.get("/assets/{name}", Assets::serve);
    config.routes.get(FAVICON, ctx -> ctx.status(204));
  }

  private static void serve(Context ctx) {
    Asset asset = ASSETS.get(ctx.pathParam("name"));
    if (asset == null) {
      ctx.status(404).contentType("text/plain").result("no such asset");
      return;
    }
    ctx.header("Cache-Control", "public, max-age=" + MAX_AGE_SECONDS);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }

  /** A file of an npm webjar, at the version on the classpath. */
  private static byte[] webjar(String artifact, String file) {
    Properties pom = new Properties();
    try (InputStream in =
        Assets.class.getResourceAsStream(
            "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("webjar " + artifact + " is not on the classpath");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resource(
        "/META-INF/resources/webjars/" + artifact + "/" + pom.getProperty("version") + "/" + file);
  }

  private static byte[] resource(String path) {
    try (InputStream in = Assets.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("console asset " + path + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
