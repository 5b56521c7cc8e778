package org.hotline.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The lines that one logger of a node running in this JVM writes to the operator's log, from now
 * until closed, at WARN and above whatever the test log level: what an operator would read, for a
 * test whose behaviour shows nowhere else. Thread-safe.
 */
public final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final Level levelBefore;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<java.util.Map<String, String>> fields = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          lines.add(event.getFormattedMessage());
          fields.add(java.util.Map.copyOf(event.getMDCPropertyMap()));
        }
      };

  private LogLines(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    levelBefore = logger.getLevel();
    if (!logger.isEnabledFor(Level.WARN)) {
      logger.setLevel(Level.WARN);
    }
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
  }

  /** Collects what {@code loggerName} (a class name, as nodes name their loggers) writes. */
  public static LogLines of(String loggerName) {
    return new LogLines(loggerName);
  }

  /** Every line so far, oldest first. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * The fields each line carried (its MDC: what the JSON log shows as {@code mdc}), in the order of
   * {@link #lines}.
   */
  public List<java.util.Map<String, String>> fields() {
    return List.copyOf(fields);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
    logger.setLevel(levelBefore);
  }
}
