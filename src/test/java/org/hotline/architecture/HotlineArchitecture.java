package org.hotline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.Set;

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
    "identity",
    "transcript",
    "link",
    "record",
    "event",
    "watch",
    "console",
    "crisis",
    "text",
    "notice"
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

  /** The link's parts with state and threads, which only the facade starts (link/package-info). */
  private static final String[] LINK_PARTS = {"link.send", "link.receive", "link.health"};

  /** The classes of the link's root package that may use its parts: the facade. */
  private static final Set<String> LINK_FACADE = Set.of("Links", "LinkRuntime");

  /**
   * What the rest of the node may use of the link's parts, each with its nested types: the outbox
   * it submits to, the receiver the federation port hands batches to, and the link's health as the
   * federation port and the console read it. Everything else in the parts is the link's own.
   */
  private static final Set<String> LINK_PUBLIC_FACES =
      Set.of("Outbox", "Receiver", "Heartbeats", "LinkHealth", "LinkBlocks", "Capabilities");

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

  static ArchRule linkEntryUsesNoOtherLinkPart(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".link.entry..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages(root, LINK_PARTS))
        .because("the wire format of entries is the link's vocabulary, below every other part");
  }

  static ArchRule linkSendAndReceiveNeverUseEachOther(String root) {
    return CompositeArchRule.of(
            noClasses()
                .that()
                .resideInAPackage(root + ".link.send..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root + ".link.receive.."))
        .and(
            noClasses()
                .that()
                .resideInAPackage(root + ".link.receive..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root + ".link.send.."))
        .because(
            "the two sides of a link meet only through the wire and the facade that starts them");
  }

  static ArchRule linkHealthUsesNeitherSendNorReceive(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".link.health..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages(root, "link.send", "link.receive"))
        .because("the link's health is read by both sides and depends on neither");
  }

  static ArchRule onlyTheLinkFacadeUsesTheLinkParts(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".link")
        .and(DescribedPredicate.not(partOf(LINK_FACADE)))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages(root, LINK_PARTS))
        .because(
            "the shared types of the link sit below its parts; the facade alone starts and joins"
                + " them");
  }

  static ArchRule theNodeUsesOnlyThePublicFacesOfTheLinkParts(String root) {
    return classes()
        .that()
        .resideInAnyPackage(packages(root, LINK_PARTS))
        .and(DescribedPredicate.not(partOf(LINK_PUBLIC_FACES)))
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAPackage(root + ".link..")
        .because(
            "outside the link, the node uses of its parts only the outbox, the receiver and the"
                + " link's health (link/package-info.java)");
  }

  /** Classes that are one of the named top-level classes or are nested in one of them. */
  private static DescribedPredicate<JavaClass> partOf(Set<String> topLevelNames) {
    return DescribedPredicate.describe(
        "part of one of " + topLevelNames,
        javaClass -> {
          String name = javaClass.getName().substring(javaClass.getPackageName().length() + 1);
          int nested = name.indexOf('$');
          return topLevelNames.contains(nested < 0 ? name : name.substring(0, nested));
        });
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
