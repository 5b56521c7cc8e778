package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.identity.PartyId;
import org.hotline.identity.TlsIdentity;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate configured, the console port speaks HTTPS and its cookies carry Secure. */
class ConsoleTlsTest {
  @TempDir Path dir;

  @Test
  void a_configured_certificate_serves_the_console_over_https_with_secure_cookies()
      throws Exception {
    NodeHome home = Nodes.init(dir, "us");
    TlsIdentity certificate =
        TlsIdentity.generate(
            PartyId.of("console"), Clock.systemUTC().instant(), new SecureRandom());
    Files.writeString(home.dir().resolve("console.crt"), certificate.certificatePem());
    Files.writeString(home.dir().resolve("console.key"), certificate.privateKeyPem());
    Path file = home.dir().resolve("hotline.json");
    var config =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(file.toFile());
    config.putObject("console").put("tls_certificate", "console.crt").put("tls_key", "console.key");
    Json.mapper().writeValue(file.toFile(), config);

    try (Node node = Nodes.start(home)) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("console", certificate.certificate());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      HttpsURLConnection connection =
          (HttpsURLConnection)
              URI.create("https://127.0.0.1:" + node.apiPort() + "/signin")
                  .toURL()
                  .openConnection();
      connection.setSSLSocketFactory(context.getSocketFactory());
      connection.setHostnameVerifier((host, session) -> true);
      assertThat(connection.getResponseCode()).isEqualTo(200);
      List<String> cookies = connection.getHeaderFields().get("Set-Cookie");
      assertThat(cookies)
          .anySatisfy(
              cookie ->
                  assertThat(cookie)
                      .startsWith("hotline_signin=")
                      .contains("Secure")
                      .contains("HttpOnly"));
      assertThat(connection.getPeerPrincipal().getName()).isEqualTo("CN=hotline-console");
    }
  }
}
