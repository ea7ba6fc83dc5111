package org.pathway.portal.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps each package to its role: the decisions are plain Java that knows no HTTP, no adapter and
 * no framework; controllers only wire, and never call the adapter themselves.
 */
class PackageRolesTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("org.pathway.portal");

  @Test
  void theDecisionsKnowNoHttpNoAdapterAndNoFramework() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.portal.pages..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.micronaut..",
            "java.net.http..",
            "org.thymeleaf..",
            "org.pathway.portal.adapter..",
            "org.pathway.portal.flow..",
            "org.pathway.portal.http..",
            "org.pathway.portal.view..")
        .check(CLASSES);
  }

  @Test
  void controllersOnlyWire() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.portal.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.pathway.portal.adapter..", "org.pathway.portal.pages..")
        .check(CLASSES);
  }

  @Test
  void onlyTheWiringTheControllersAndTheSettingsKnowMicronaut() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "org.pathway.portal.wiring..",
            "org.pathway.portal.http..",
            "org.pathway.portal.config..")
        .and()
        .doNotHaveFullyQualifiedName("org.pathway.portal.Application")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.micronaut..")
        .check(CLASSES);
  }
}
