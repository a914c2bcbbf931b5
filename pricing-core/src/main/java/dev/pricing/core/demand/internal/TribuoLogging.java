package dev.pricing.core.demand.internal;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Keeps Tribuo's (and OLCUT's) {@code java.util.logging} INFO lines (dataset summaries, "Outputs - ...",
 * training progress) off stderr by default: a library should not print on its users' consoles. Their
 * loggers are set to WARNING unless the application configured a level for them itself (a
 * {@code logging.properties} entry {@code org.tribuo.level}, or {@code Logger.getLogger("org.tribuo").setLevel}
 * before training), or the system property {@code pricing.logging.dependencies=inherit} is set.
 *
 * <p>Thread-safe and idempotent.
 */
public final class TribuoLogging {
  /** The system property that, set to {@code inherit}, leaves Tribuo's logging as the JDK configures it. */
  public static final String PROPERTY = "pricing.logging.dependencies";
  private static final List<String> NAMES = List.of("org.tribuo", "com.oracle.labs.mlrg.olcut");
  /** Strong references: java.util.logging holds loggers weakly and would forget the level otherwise. */
  private static final List<Logger> QUIETED = quiet();

  private TribuoLogging() {}

  /** Makes sure the loggers are quieted (the work happens once, when this class is initialised). */
  public static void ensureQuiet() {
    if (QUIETED == null) {
      throw new AssertionError("unreachable");
    }
  }

  private static List<Logger> quiet() {
    if ("inherit".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
      return List.of();
    }
    LogManager manager = LogManager.getLogManager();
    java.util.ArrayList<Logger> out = new java.util.ArrayList<>();
    for (String name : NAMES) {
      Logger logger = Logger.getLogger(name);
      if (logger.getLevel() == null && manager.getProperty(name + ".level") == null) {
        logger.setLevel(Level.WARNING);
      }
      out.add(logger);
    }
    return List.copyOf(out);
  }
}
