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
 * @param heartbeat interval between heartbeats to each peer, ISO 8601 (default PT5S)
 * @param linkTest interval between signed link tests on the record, ISO 8601 (default PT1H)
 */
public record NodeConfig(
    String party,
    String name,
    String federationBind,
    int federationPort,
    List<String> publicEndpoints,
    String consoleBind,
    int consolePort,
    String heartbeat,
    String linkTest) {

  public static final int FEDERATION_PORT_DEFAULT = 7443;
  public static final int CONSOLE_PORT_DEFAULT = 8080;
  public static final String BIND_DEFAULT = "127.0.0.1";

  public NodeConfig {
    publicEndpoints = List.copyOf(publicEndpoints == null ? List.of() : publicEndpoints);
    federationBind = federationBind == null ? BIND_DEFAULT : federationBind;
    consoleBind = consoleBind == null ? BIND_DEFAULT : consoleBind;
    linkTest = linkTest == null ? org.hotline.link.Links.LINK_TEST_INTERVAL_DEFAULT.toString() : linkTest;
    heartbeat = heartbeat == null ? org.hotline.link.Heartbeats.INTERVAL_DEFAULT.toString() : heartbeat;
  }

  /** The link-test interval, ISO 8601 ({@code PT1H} by default), at least a minute. */
  public java.time.Duration linkTestInterval() {
    try {
      java.time.Duration interval = java.time.Duration.parse(linkTest);
      if (interval.toSeconds() < 1) {
        throw new org.hotline.InvalidInputException("link_test", "link-test interval must be at least a second, got " + linkTest);
      }
      return interval;
    } catch (java.time.format.DateTimeParseException e) {
      throw new org.hotline.InvalidInputException("link_test", "link-test interval must be an ISO 8601 duration such as PT1H, got " + linkTest);
    }
  }

  /** The heartbeat interval, ISO 8601 ({@code PT5S} by default). */
  public java.time.Duration heartbeatInterval() {
    try {
      java.time.Duration interval = java.time.Duration.parse(heartbeat);
      if (interval.toMillis() < 100 || interval.toMinutes() > 10) {
        throw new org.hotline.InvalidInputException("heartbeat", "heartbeat interval must be 100 ms to 10 min, got " + heartbeat);
      }
      return interval;
    } catch (java.time.format.DateTimeParseException e) {
      throw new org.hotline.InvalidInputException("heartbeat", "heartbeat interval must be an ISO 8601 duration such as PT5S, got " + heartbeat);
    }
  }
}
