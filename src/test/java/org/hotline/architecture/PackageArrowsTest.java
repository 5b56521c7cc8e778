package org.hotline.architecture;

import static org.hotline.architecture.HotlineArchitecture.ROOT;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.hotline.HotlineException;
import org.junit.jupiter.api.Test;

/** The package arrows of STYLE.md hold for the main code (test classes are not imported). */
class PackageArrowsTest {
  /**
   * Every class of the main output directory, found through a class that lives there; importing by
   * package name instead would open every jar on the test classpath.
   */
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importUrl(HotlineException.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void domain_packages_use_no_web_cli_jdbc_or_wiring_code() {
    HotlineArchitecture.domainUsesNoIoFrameworkNorOuterPackage(ROOT).check(MAIN);
  }

  @Test
  void web_and_cli_never_use_the_store() {
    HotlineArchitecture.webAndCliNeverUseTheStore(ROOT).check(MAIN);
  }

  @Test
  void only_the_composition_root_uses_the_store() {
    HotlineArchitecture.onlyTheCompositionRootUsesTheStore(ROOT).check(MAIN);
  }

  @Test
  void domain_code_takes_time_and_randomness_from_its_caller() {
    HotlineArchitecture.domainTakesTimeAndRandomnessFromItsCaller(ROOT).check(MAIN);
  }

  @Test
  void link_entry_uses_no_other_part_of_the_link() {
    HotlineArchitecture.linkEntryUsesNoOtherLinkPart(ROOT).check(MAIN);
  }

  @Test
  void link_send_and_receive_never_use_each_other() {
    HotlineArchitecture.linkSendAndReceiveNeverUseEachOther(ROOT).check(MAIN);
  }

  @Test
  void link_health_uses_neither_send_nor_receive() {
    HotlineArchitecture.linkHealthUsesNeitherSendNorReceive(ROOT).check(MAIN);
  }

  @Test
  void only_the_link_facade_uses_the_link_parts_within_the_link_package() {
    HotlineArchitecture.onlyTheLinkFacadeUsesTheLinkParts(ROOT).check(MAIN);
  }

  @Test
  void the_node_uses_only_the_public_faces_of_the_link_parts() {
    HotlineArchitecture.theNodeUsesOnlyThePublicFacesOfTheLinkParts(ROOT).check(MAIN);
  }
}
