package org.hotline.app;

import java.util.List;

/**
 * The node's configuration file, {@code DIR/hotline.json}. Written by {@code hotline init}; an
 * operator may edit it while the node is stopped. See docs/operations.md.
 *
 * @param federationBind address the federation port listens on; 127.0.0.1 by default, set to
 *     0.0.0.0 (or an interface address) so that peers on other hosts can reach it
 * @param publicEndpoints the https:// URLs where peers reach the federation port, for the identity card
 * @param consoleBind address of the console/API port; 127.0.0.1 unless there is a reason
 */
public record NodeConfig(
    String party,
    String name,
    String federationBind,
    int federationPort,
    List<String> publicEndpoints,
    String consoleBind,
    int consolePort) {

  public static final int FEDERATION_PORT_DEFAULT = 7443;
  public static final int CONSOLE_PORT_DEFAULT = 8080;
  public static final String BIND_DEFAULT = "127.0.0.1";

  public NodeConfig {
    publicEndpoints = List.copyOf(publicEndpoints);
  }
}
