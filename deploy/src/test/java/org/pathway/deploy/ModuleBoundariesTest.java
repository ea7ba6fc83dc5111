package org.pathway.deploy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the modules from reaching into each other: the services talk only through the event
 * contracts on Kafka (and the portal only through the adapter's FHIR API), the contracts depend on
 * nothing of ours, the Kafka edge and the test harness on no service, the broker, database and
 * Kafka meters modules on nothing at all of Pathway's, the access module and the management guard
 * on no service (like the settings check), the retention job on nothing of Pathway's, the directory
 * on no service, only dev mode runs on the test harness, and benchmark B9's hello world neither
 * uses nor is used by any of it.
 */
class ModuleBoundariesTest {

  private static JavaClasses pathway;

  @BeforeAll
  static void importClasses() {
    pathway =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.pathway");
  }

  @Test
  void servicesDoNotUseEachOther() {
    String[] services = {
      "org.pathway.fhiradapter..",
      "org.pathway.router..",
      "org.pathway.notifier..",
      "org.pathway.portal..",
      "org.pathway.reporting.."
    };
    for (String service : services) {
      String[] others =
          java.util.Arrays.stream(services).filter(s -> !s.equals(service)).toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(service)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .because("services talk only through the event contracts (the portal through FHIR)")
          .check(pathway);
    }
  }

  @Test
  void theContractsDependOnNoService() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.events..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..",
            "org.pathway.localkafka..",
            "org.pathway.kafkameters..",
            "org.pathway.kafkaedge..")
        .check(pathway);
  }

  @Test
  void theDirectoryKnowsNoService() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.directory..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..",
            "org.pathway.kafkaedge..",
            "org.pathway.localkafka..")
        .because("the router and the fhir-adapter both read the directory; it reads neither")
        .check(pathway);
  }

  @Test
  void theKafkaEdgeKnowsNoService() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.kafkaedge..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..",
            "org.pathway.localkafka..",
            "org.pathway.kafkameters..")
        .because("every service plugs its handler and settings into it, not the other way")
        .check(pathway);
  }

  @Test
  void theBrokerModuleKnowsNothingOfPathway() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.localkafka..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.events..",
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..",
            "org.pathway.kafkameters..")
        .check(pathway);
  }

  @Test
  void theKafkaMetersKnowNothingOfPathway() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.kafkameters..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.events..",
            "org.pathway.localkafka..",
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..")
        .because("each service passes in its groups and topics from the catalogue")
        .check(pathway);
  }

  @Test
  void theSettingsCheckKnowsNothingOfPathway() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.servicesettings..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.events..",
            "org.pathway.localkafka..",
            "org.pathway.kafkameters..",
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..")
        .because("each service declares its own settings; the check only reads them")
        .check(pathway);
  }

  @Test
  void theRetentionJobKnowsNothingOfPathway() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.retention..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.pathway..").and(not(resideInAPackage("org.pathway.retention.."))))
        .because("what a kind of data is and how it is purged stay in each service")
        .check(pathway);
  }

  @Test
  void theAccessModuleKnowsNoService() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.access..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.events..",
            "org.pathway.localkafka..",
            "org.pathway.localpostgres..",
            "org.pathway.kafkaedge..",
            "org.pathway.kafkameters..",
            "org.pathway.servicesettings..",
            "org.pathway.testsupport..",
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..")
        .because("any service (and other tools) registers clients and verifies tokens with it")
        .check(pathway);
  }

  @Test
  void theManagementGuardKnowsNoService() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.managementguard..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.events..",
            "org.pathway.localkafka..",
            "org.pathway.localpostgres..",
            "org.pathway.kafkaedge..",
            "org.pathway.testsupport..",
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..")
        .because("every service guards its management port with it, given a TokenVerifier")
        .check(pathway);
    noClasses()
        .that()
        .resideInAnyPackage("org.pathway.access..", "org.pathway.servicesettings..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.pathway.managementguard..")
        .because("the guard builds on the access module and the settings check, not the reverse")
        .check(pathway);
  }

  @Test
  void theDatabaseModuleKnowsNothingOfPathway() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.localpostgres..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.events..",
            "org.pathway.localkafka..",
            "org.pathway.kafkaedge..",
            "org.pathway.kafkameters..",
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..",
            "org.pathway.testsupport..")
        .because("dev mode and the tests ask it for databases; it knows nothing of who asks")
        .check(pathway);
  }

  @Test
  void theTestHarnessKnowsNoService() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.testsupport..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..")
        .because("every service's tests use it, so it cannot use them")
        .check(pathway);
  }

  @Test
  void onlyDevModeRunsOnTheTestHarness() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.pathway.testsupport..", "org.pathway.deploy..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.pathway.testsupport..")
        .because("services ship without stand-ins; dev mode is itself a harness")
        .check(pathway);
  }

  @Test
  void theBenchmarkReferenceStaysApartFromPathway() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.helloreference..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pathway.events..",
            "org.pathway.localkafka..",
            "org.pathway.fhiradapter..",
            "org.pathway.router..",
            "org.pathway.notifier..",
            "org.pathway.deploy..",
            "org.pathway.kafkameters..")
        .because("the hello world is a yardstick: it must stay the guides' hello world")
        .check(pathway);
    noClasses()
        .that()
        .resideOutsideOfPackage("org.pathway.helloreference..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.pathway.helloreference..")
        .because("it is started as a process by the benchmark, never used as code")
        .check(pathway);
  }
}
