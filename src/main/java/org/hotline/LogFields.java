package org.hotline;

import java.util.List;
import org.slf4j.MDC;

/**
 * Fields that the log lines written inside a block carry besides their text: in the JSON log
 * ({@code HOTLINE_LOG_FORMAT=json}) they are the line's {@code mdc} object, which a log pipeline
 * indexes; the text log does not show them. The names are stable (docs/operations.md, "Metrics,
 * health and logs"), and no value is ever a key, a token, a password or a message's text:
 *
 * <pre>{@code
 * LogFields.of(LogFields.PEER, peer.value(), LogFields.EVENT, "link.down")
 *     .log(() -> LOG.warn("link to {} is DOWN", peer));
 * }</pre>
 *
 * <p>Immutable; {@link #log} puts the fields on the calling thread only while the line is written.
 */
public final class LogFields {
  /** The peer party's id. */
  public static final String PEER = "peer";

  /** A direction log, by its origin ({@code hotline/cn/us}). */
  public static final String LOG = "log";

  /** A position in that log (its entry's {@code seq}). */
  public static final String SEQ = "seq";

  /** A message's id. */
  public static final String MESSAGE_ID = "message_id";

  /**
   * What happened, named as the event stream names it ({@code link.down}, {@code security.alarm}).
   */
  public static final String EVENT = "event";

  /** The kind of a security event or the type of a refusal ({@code root-mismatch}). */
  public static final String KIND = "kind";

  private final List<String> keysAndValues;

  private LogFields(List<String> keysAndValues) {
    this.keysAndValues = keysAndValues;
  }

  /** The fields {@code keysAndValues}: a name, its value, a name, its value... */
  public static LogFields of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("a value for every field name");
    }
    return new LogFields(List.of(keysAndValues));
  }

  /** Runs {@code line}, which writes log lines, with these fields on them. */
  public void log(Runnable line) {
    for (int i = 0; i < keysAndValues.size(); i += 2) {
      MDC.put(keysAndValues.get(i), keysAndValues.get(i + 1));
    }
    try {
      line.run();
    } finally {
      for (int i = 0; i < keysAndValues.size(); i += 2) {
        MDC.remove(keysAndValues.get(i));
      }
    }
  }
}
