package org.hotline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;

/**
 * The package arrows of STYLE.md as ArchUnit rules. Each rule is built for a root package, so the
 * same rule that guards {@code org.hotline} can be shown to fail on the deliberately wrong classes
 * under {@code org.hotline.architecture.violations}.
 */
final class HotlineArchitecture {
  static final String ROOT = "org.hotline";

  /**
   * Domain packages: those of STYLE.md, plus {@code record} (export and verification of the record)
   * {@code event} (the event bus) and {@code console} (users, sessions, release rules). {@code
   * crisis} is listed before it exists.
   */
  private static final String[] DOMAIN = {
    "identity", "transcript", "link", "record", "event", "watch", "console", "crisis", "text"
  };

  /** The edges and the composition root, which the domain must never reach into. */
  private static final String[] OUTER = {"web", "cli", "federation", "notify", "store", "app"};

  /** I/O frameworks and protocols that belong at the edges or in storage, never in the domain. */
  private static final String[] IO_FRAMEWORKS = {
    "io.javalin..",
    "org.eclipse.jetty..",
    "java.sql..",
    "javax.sql..",
    "org.jdbi..",
    "org.flywaydb..",
    "java.net.http..",
    "picocli.."
  };

  private HotlineArchitecture() {}

  static ArchRule domainUsesNoIoFrameworkNorOuterPackage(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages(root, DOMAIN))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat(IO_FRAMEWORKS, packages(root, OUTER)))
        .because(
            "the domain declares the interfaces it needs and is free of web, CLI, JDBC and"
                + " wiring code (STYLE.md, rules 1 and 2)");
  }

  static ArchRule webAndCliNeverUseTheStore(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages(root, "web", "cli"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages(root, "store"))
        .because("the edges reach storage only through the domain (STYLE.md, rule 1)");
  }

  static ArchRule onlyTheCompositionRootUsesTheStore(String root) {
    return classes()
        .that()
        .resideInAnyPackage(packages(root, "store"))
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAnyPackage(packages(root, "store", "app"))
        .because("only app knows concrete store classes (STYLE.md, rule 1)");
  }

  static ArchRule domainTakesTimeAndRandomnessFromItsCaller(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages(root, DOMAIN))
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(Clock.class, "systemUTC")
        .orShould()
        .callMethod(Clock.class, "systemDefaultZone")
        .orShould()
        .callConstructor(Random.class)
        .orShould()
        .callConstructor(Random.class, long.class)
        .orShould()
        .callConstructor(SecureRandom.class)
        .because(
            "time comes from an injected Clock and randomness from an injected generator, so"
                + " tests are deterministic (STYLE.md, rule 2)");
  }

  private static String[] packages(String root, String... names) {
    String[] patterns = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      patterns[i] = root + "." + names[i] + "..";
    }
    return patterns;
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
