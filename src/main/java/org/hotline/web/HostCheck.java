package org.hotline.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Refuses a request whose {@code Host} is not a name of this console port, against DNS rebinding: a
 * page on {@code attacker.example} whose name is made to resolve to 127.0.0.1 reaches the console
 * from the operator's own browser, and its requests say {@code Host: attacker.example}. Accepted:
 * {@code localhost}, loopback addresses, the bind address, the names configured in {@code
 * console_hosts}, and, when the port is bound to every interface, any IP address (a page cannot
 * make a browser send an address as its host name unless the user typed it). The port part is
 * ignored. Thread-safe.
 */
final class HostCheck implements Handler {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]");

  /** A Host header is a name and a port; anything longer is not one of ours. */
  private static final int HOST_QUOTED_MAX = 64;

  private final Set<String> names;
  private final boolean anyAddress;

  HostCheck(String bind, List<String> configured) {
    String bound = literal(bind.toLowerCase(Locale.ROOT));
    this.anyAddress = WILDCARDS.contains(bound);
    this.names =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of("localhost", "[::1]", bound),
                configured.stream().map(name -> literal(name.toLowerCase(Locale.ROOT))))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** An IPv6 address as it appears in a Host header: in brackets. */
  private static String literal(String address) {
    return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  @Override
  public void handle(Context ctx) {
    String host = ctx.header("Host");
    if (host == null || !accepts(host)) {
      throw new Misdirected(
          host == null
              ? "the request has no Host header"
              : "Host '"
                  + quoted(host)
                  + "' is not a name of this console; an operator adds the names it is reached"
                  + " by to console_hosts in hotline.json");
    }
  }

  boolean accepts(String header) {
    String host = header.trim().toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      host = host.substring(0, colon);
    }
    if (names.contains(host) || (host.startsWith("127.") && IPV4.matcher(host).matches())) {
      return true;
    }
    return anyAddress && (IPV4.matcher(host).matches() || IPV6.matcher(host).matches());
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder();
    text.chars()
        .filter(c -> c >= 0x20 && c < 0x7f)
        .limit(HOST_QUOTED_MAX)
        .forEach(c -> out.append((char) c));
    return out.toString();
  }

  /** A request for a host this port does not serve: 421 Misdirected Request. */
  static final class Misdirected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Misdirected(String message) {
      super(message, null, false, false);
    }
  }
}
