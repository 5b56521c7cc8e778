package org.hotline.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without a browser: the console's pages and forms over plain HTTP, with cookies. */
public final class ConsoleClient {
  private static final Pattern CSRF_META =
      Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;
  private final URI base;
  private String csrf;

  public ConsoleClient(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public ConsoleClient(int port) {
    this(URI.create("http://127.0.0.1:" + port));
  }

  public HttpResponse<String> get(String path) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path)).GET());
    Matcher meta = CSRF_META.matcher(response.body());
    if (meta.find()) {
      csrf = meta.group(1);
    }
    return response;
  }

  /** Posts a form with the session's CSRF token (from the last page read). */
  public HttpResponse<String> post(String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    if (csrf != null && !all.containsKey("_csrf")) {
      all.put("_csrf", csrf);
    }
    return postRaw(path, all);
  }

  /** Posts a form with the session's CSRF token and the given request headers. */
  public HttpResponse<String> post(
      String path, Map<String, String> fields, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    if (csrf != null && !all.containsKey("_csrf")) {
      all.put("_csrf", csrf);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(all)));
    headers.forEach(request::header);
    return send(request);
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** Posts exactly {@code fields}, no token added. */
  public HttpResponse<String> postRaw(String path, Map<String, String> fields) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  /** Signs in through the form; returns the answer to the POST (303 on success). */
  public HttpResponse<String> signIn(String username, String password) {
    HttpResponse<String> form = get("/signin");
    Matcher field = CSRF_FIELD.matcher(form.body());
    if (!field.find()) {
      throw new AssertionError("no sign-in token on the form: " + form.body());
    }
    return postRaw(
        "/signin", Map.of("_csrf", field.group(1), "username", username, "password", password));
  }

  public String csrf() {
    return csrf;
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
