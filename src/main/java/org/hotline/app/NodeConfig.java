package org.hotline.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.link.BatchLimits;
import org.hotline.link.entry.Precedence;

/**
 * The node's configuration file, {@code DIR/hotline.json}. Written by {@code hotline init}; an
 * operator may edit it while the node is stopped. See docs/operations.md, and docs/watch.md for the
 * optional deadline, escalation and SMTP settings (a file without them loads as before).
 *
 * @param federationBind address the federation port listens on; 127.0.0.1 by default, set to
 *     0.0.0.0 (or an interface address) so that peers on other hosts can reach it
 * @param publicEndpoints the https:// URLs where peers reach the federation port, for the identity
 *     card
 * @param consoleBind address of the console/API port; 127.0.0.1 unless there is a reason
 * @param heartbeat interval between heartbeats to each peer, ISO 8601 (default PT5S)
 * @param linkTest interval between signed link tests on the record, ISO 8601 (default PT1H)
 * @param deadlines acknowledgement deadlines by precedence for every link (ISO-8601 durations such
 *     as {@code "PT10M"}), replacing the defaults precedence by precedence; optional
 * @param linkDeadlines the same, per peer party id, for links whose agreement differs; optional
 * @param escalation who is reminded and escalated to about unanswered messages; optional (then:
 *     console alarms only)
 * @param smtp the mail server for e-mail targets; required only if a target is an e-mail address
 * @param console the web console's settings (two-person release, TLS); optional, see
 *     docs/console.md
 * @param witness this node acts as a witness for other logs (docs/witness.md); optional
 * @param witnesses witnesses this node submits its outgoing logs' checkpoints to; optional
 * @param consoleInsecureHttp {@code true} lets the console/API port speak plain HTTP on an address
 *     other than loopback; without it such a node refuses to start (passwords, sessions and the API
 *     token would cross the network in clear). Default false
 * @param consoleHosts host names, besides the bind address and loopback, by which browsers and
 *     clients reach the console port (a DNS name, a reverse proxy's name); a request with another
 *     Host is refused (DNS rebinding). Optional
 * @param batchEntries entries per federation batch this node sends, 1 to {@link
 *     BatchLimits#ENTRIES_MAX}; optional (then {@link BatchLimits#DEFAULT}'s)
 * @param batchWindow batches this node keeps in flight per peer, 1 to {@link
 *     BatchLimits#WINDOW_MAX}; optional (then {@link BatchLimits#DEFAULT}'s)
 * @param metricsToken a second bearer token, besides DIR/api.token, that {@code GET /metrics}
 *     accepts and nothing else does: give it to Prometheus instead of the API token, which sends
 *     messages. At least {@link #METRICS_TOKEN_CHARS_MIN} characters; optional
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeConfig(
    String party,
    String name,
    String federationBind,
    int federationPort,
    List<String> publicEndpoints,
    String consoleBind,
    int consolePort,
    String heartbeat,
    String linkTest,
    Map<Precedence, Duration> deadlines,
    Map<String, Map<Precedence, Duration>> linkDeadlines,
    ChainSettings escalation,
    SmtpSettings smtp,
    ConsoleSettings console,
    WitnessSettings witness,
    List<WitnessSettings.Use> witnesses,
    Boolean consoleInsecureHttp,
    List<String> consoleHosts,
    @JsonDeserialize(using = WholeNumber.class) Integer batchEntries,
    @JsonDeserialize(using = WholeNumber.class) Integer batchWindow,
    String metricsToken) {

  public static final int FEDERATION_PORT_DEFAULT = 7443;
  public static final int CONSOLE_PORT_DEFAULT = 8080;
  public static final String BIND_DEFAULT = "127.0.0.1";

  /**
   * A metrics token must be as hard to guess as the API token's 64 hex digits, less a margin for
   * tokens made by other tools: 32 characters of a random string are out of reach of guessing.
   */
  public static final int METRICS_TOKEN_CHARS_MIN = 32;

  public NodeConfig {
    publicEndpoints = List.copyOf(publicEndpoints == null ? List.of() : publicEndpoints);
    federationBind = federationBind == null ? BIND_DEFAULT : federationBind;
    consoleBind = consoleBind == null ? BIND_DEFAULT : consoleBind;
    linkTest =
        linkTest == null ? org.hotline.link.Links.LINK_TEST_INTERVAL_DEFAULT.toString() : linkTest;
    heartbeat =
        heartbeat == null
            ? org.hotline.link.health.Heartbeats.INTERVAL_DEFAULT.toString()
            : heartbeat;
    console = console == null ? ConsoleSettings.DEFAULT : console;
    witnesses = witnesses == null || witnesses.isEmpty() ? null : List.copyOf(witnesses);
    consoleInsecureHttp = Boolean.TRUE.equals(consoleInsecureHttp) ? Boolean.TRUE : null;
    consoleHosts =
        consoleHosts == null || consoleHosts.isEmpty() ? null : List.copyOf(consoleHosts);
    if (metricsToken != null
        && (metricsToken.strip().length() < METRICS_TOKEN_CHARS_MIN
            || !metricsToken.equals(metricsToken.strip()))) {
      throw new org.hotline.InvalidInputException(
          "metrics_token",
          "metrics_token must be at least "
              + METRICS_TOKEN_CHARS_MIN
              + " characters without surrounding spaces (for example: openssl rand -hex 32)");
    }
  }

  /** The names of {@code console_hosts}, none by default. */
  public List<String> consoleHostNames() {
    return consoleHosts == null ? List.of() : consoleHosts;
  }

  /**
   * Refuses a console/API port that would speak plain HTTP beyond this machine, unless the operator
   * said so with {@code console_insecure_http: true}.
   */
  public void checkConsoleExposure() {
    if (console.tls() || consoleInsecureHttp != null || loopback(consoleBind)) {
      return;
    }
    throw new org.hotline.InvalidInputException(
        "console_bind",
        "console_bind is "
            + consoleBind
            + " without console TLS: passwords, sessions and the API token would cross the network"
            + " in clear. Set console.tls_certificate and console.tls_key, bind to 127.0.0.1, or"
            + " set console_insecure_http to true if a TLS proxy or tunnel protects the path");
  }

  private static boolean loopback(String address) {
    try {
      return java.net.InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * The web console's settings, {@code "console": {...}} in hotline.json; all optional.
   *
   * @param twoPersonRelease a FLASH message drafted by a duty officer waits for a releasing
   *     officer's approval before it is queued (default false)
   * @param tlsCertificate PEM certificate file for serving the console port over HTTPS, relative to
   *     the data directory; with {@code tlsKey}. Without both, the port speaks plain HTTP (fit for
   *     127.0.0.1 only)
   * @param tlsKey the PEM (PKCS#8) private key of that certificate, mode 0600
   * @param releaseBypassTokens API tokens, by name, whose FLASH submissions are automated and go
   *     out without a second person although {@code twoPersonRelease} is on; each such message is
   *     audited and marked. The node has one token today, {@value #API_TOKEN_NAME} ({@code
   *     DIR/api.token}); empty by default, so every path waits for release
   * @param secondFactorRoles the roles whose users sign in with a second factor (an authenticator
   *     code), enrolling it at their next sign-in; {@code ["releasing-officer", "administrator"]}
   *     when absent, {@code []} for none
   * @param language the console's language for users who chose none, and for the sign-in page:
   *     {@code en} or {@code zh}; when absent, each browser's languages decide
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConsoleSettings(
      Boolean twoPersonRelease,
      String tlsCertificate,
      String tlsKey,
      List<String> releaseBypassTokens,
      List<String> secondFactorRoles,
      String language) {
    public static final ConsoleSettings DEFAULT =
        new ConsoleSettings(false, null, null, null, null, null);

    /** The name of the node's one API token in {@code release_bypass_tokens}. */
    public static final String API_TOKEN_NAME = "api";

    public ConsoleSettings {
      twoPersonRelease = twoPersonRelease != null && twoPersonRelease;
      releaseBypassTokens = releaseBypassTokens == null ? null : List.copyOf(releaseBypassTokens);
      if (releaseBypassTokens != null
          && !releaseBypassTokens.stream().allMatch(API_TOKEN_NAME::equals)) {
        throw new org.hotline.InvalidInputException(
            "console.release_bypass_tokens",
            "release_bypass_tokens names API tokens; this node has one, '"
                + API_TOKEN_NAME
                + "' (DIR/api.token), got "
                + releaseBypassTokens);
      }
      secondFactorRoles = secondFactorRoles == null ? null : List.copyOf(secondFactorRoles);
      try {
        language = org.hotline.console.User.checkLanguage(language);
      } catch (org.hotline.InvalidInputException e) {
        throw new org.hotline.InvalidInputException("console.language", e.getMessage());
      }
      if (secondFactorRoles != null) {
        for (String role : secondFactorRoles) {
          try {
            org.hotline.console.Role.parse(role);
          } catch (org.hotline.InvalidInputException e) {
            throw new org.hotline.InvalidInputException(
                "console.second_factor_roles", e.getMessage());
          }
        }
      }
      if ((tlsCertificate == null) != (tlsKey == null)) {
        throw new org.hotline.InvalidInputException(
            "console", "console TLS needs both tls_certificate and tls_key, or neither");
      }
    }

    public boolean tls() {
      return tlsCertificate != null;
    }

    /** The roles that sign in with a second factor. */
    public java.util.Set<org.hotline.console.Role> secondFactor() {
      if (secondFactorRoles == null) {
        return org.hotline.console.Accounts.DEFAULT_SECOND_FACTOR_ROLES;
      }
      java.util.Set<org.hotline.console.Role> roles =
          java.util.EnumSet.noneOf(org.hotline.console.Role.class);
      secondFactorRoles.forEach(role -> roles.add(org.hotline.console.Role.parse(role)));
      return roles;
    }

    /** Whether FLASH messages submitted with the API token skip two-person release. */
    public boolean apiTokenBypassesRelease() {
      return releaseBypassTokens != null && releaseBypassTokens.contains(API_TOKEN_NAME);
    }
  }

  /** The link-test interval, ISO 8601 ({@code PT1H} by default), at least a minute. */
  public java.time.Duration linkTestInterval() {
    try {
      java.time.Duration interval = java.time.Duration.parse(linkTest);
      if (interval.toSeconds() < 1) {
        throw new org.hotline.InvalidInputException(
            "link_test", "link-test interval must be at least a second, got " + linkTest);
      }
      return interval;
    } catch (java.time.format.DateTimeParseException e) {
      throw new org.hotline.InvalidInputException(
          "link_test",
          "link-test interval must be an ISO 8601 duration such as PT1H, got " + linkTest);
    }
  }

  /** The heartbeat interval, ISO 8601 ({@code PT5S} by default). */
  public java.time.Duration heartbeatInterval() {
    try {
      java.time.Duration interval = java.time.Duration.parse(heartbeat);
      if (interval.toMillis() < 100 || interval.toMinutes() > 10) {
        throw new org.hotline.InvalidInputException(
            "heartbeat", "heartbeat interval must be 100 ms to 10 min, got " + heartbeat);
      }
      return interval;
    } catch (java.time.format.DateTimeParseException e) {
      throw new org.hotline.InvalidInputException(
          "heartbeat",
          "heartbeat interval must be an ISO 8601 duration such as PT5S, got " + heartbeat);
    }
  }

  /**
   * The batches this node sends: {@code batch_entries} entries per batch and {@code batch_window}
   * batches in flight per peer, each {@link BatchLimits#DEFAULT}'s when absent. The benchmark sets
   * them to show their effect; an operator rarely needs to.
   */
  public BatchLimits batchLimits() {
    int entries = batchEntries == null ? BatchLimits.DEFAULT.entries() : batchEntries;
    int window = batchWindow == null ? BatchLimits.DEFAULT.window() : batchWindow;
    if (entries < 1 || entries > BatchLimits.ENTRIES_MAX) {
      throw new org.hotline.InvalidInputException(
          "batch_entries",
          "batch_entries must be 1 to " + BatchLimits.ENTRIES_MAX + ", got " + entries);
    }
    if (window < 1 || window > BatchLimits.WINDOW_MAX) {
      throw new org.hotline.InvalidInputException(
          "batch_window",
          "batch_window must be 1 to " + BatchLimits.WINDOW_MAX + ", got " + window);
    }
    return new BatchLimits(entries, window);
  }

  /** Reads a whole number and refuses a fraction, which Jackson would otherwise cut to its int. */
  static final class WholeNumber extends StdDeserializer<Integer> {
    private static final long serialVersionUID = 1L;

    WholeNumber() {
      super(Integer.class);
    }

    @Override
    public Integer deserialize(JsonParser parser, DeserializationContext context)
        throws java.io.IOException {
      if (!parser.hasToken(JsonToken.VALUE_NUMBER_INT)) {
        return (Integer) context.handleUnexpectedToken(Integer.class, parser);
      }
      return parser.getIntValue();
    }
  }

  /**
   * A configuration with no deadline, escalation, SMTP, console or witness settings: the defaults
   * apply.
   */
  public NodeConfig(
      String party,
      String name,
      String federationBind,
      int federationPort,
      List<String> publicEndpoints,
      String consoleBind,
      int consolePort,
      String heartbeat,
      String linkTest) {
    this(
        party,
        name,
        federationBind,
        federationPort,
        publicEndpoints,
        consoleBind,
        consolePort,
        heartbeat,
        linkTest,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The escalation chain: {@code reminder} targets (told at half the deadline), the ordered {@code
   * levels}, how many {@code loops} over them (default 1) and the wait before each repeat ({@code
   * loop_after}, default 10 minutes).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChainSettings(
      List<TargetSettings> reminder,
      List<LevelSettings> levels,
      Integer loops,
      Duration loopAfter) {}

  /** One level: notified {@code after} this delay (default 0) once the previous level was. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LevelSettings(Duration after, List<TargetSettings> targets) {}

  /**
   * One target, exactly one of: {@code webhook} (a URL, with its HMAC {@code secret}), {@code
   * email} (an address), {@code command} (an absolute program path and its arguments), {@code user}
   * (a console username) or {@code role} (a console role: {@code viewer}, {@code duty-officer},
   * {@code releasing-officer}, {@code administrator}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TargetSettings(
      String webhook,
      String secret,
      String email,
      List<String> command,
      String user,
      String role) {}

  /**
   * The SMTP server e-mail targets go through: {@code host}, {@code port} (default 25), the {@code
   * from} address, optional {@code username}/{@code password}, and {@code starttls} (default true:
   * refuse to send without TLS).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SmtpSettings(
      String host, Integer port, String from, String username, String password, Boolean starttls) {}
}
