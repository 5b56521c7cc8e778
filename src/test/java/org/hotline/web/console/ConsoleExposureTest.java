package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.hotline.InvalidInputException;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.testing.Nodes;
import org.hotline.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console port bound beyond loopback without TLS would carry passwords, sessions and the API
 * token in clear: the node refuses to start unless the operator says {@code console_insecure_http:
 * true}.
 */
class ConsoleExposureTest {
  @TempDir Path dir;

  @Test
  void a_console_on_every_interface_without_tls_refuses_to_start_and_leaves_the_port_free()
      throws Exception {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.configure(home, config -> config.put("console_bind", "0.0.0.0"));

    assertThatThrownBy(() -> Nodes.start(home))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("console_bind is 0.0.0.0 without console TLS")
        .hasMessageContaining("console_insecure_http");
    try (ServerSocket free = new ServerSocket(home.config().federationPort())) {
      assertThat(free.isBound()).as("the federation port was never opened").isTrue();
    }
  }

  @Test
  void the_operator_may_allow_plain_http_explicitly() {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.configure(
        home, config -> config.put("console_bind", "0.0.0.0").put("console_insecure_http", true));

    try (Node node = Nodes.start(home)) {
      assertThat(RawHttp.get(node.apiPort(), "/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void a_console_on_loopback_needs_no_switch() {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.configure(home, config -> config.put("console_bind", "127.0.0.1"));

    try (Node node = Nodes.start(home)) {
      assertThat(RawHttp.get(node.apiPort(), "/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void console_insecure_http_false_is_the_same_as_leaving_it_out() {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.configure(
        home, config -> config.put("console_bind", "0.0.0.0").put("console_insecure_http", false));

    assertThatThrownBy(() -> Nodes.start(home)).isInstanceOf(InvalidInputException.class);
  }
}
