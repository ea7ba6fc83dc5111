package org.pathway.notifier.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps each package to its role: decisions and channels stay free of wiring and of Kafka. */
class PackageRolesTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("org.pathway.notifier");

  @Test
  void onlyTheWiringAndTheSettingsKnowMicronaut() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.pathway.notifier.wiring..", "org.pathway.notifier.config..")
        .and()
        .doNotHaveFullyQualifiedName("org.pathway.notifier.Application")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.micronaut..")
        .check(CLASSES);
  }

  @Test
  void templatesAndTheDeliveryLogKnowNothingOfKafkaOrChannels() {
    noClasses()
        .that()
        .resideInAnyPackage("org.pathway.notifier.template..", "org.pathway.notifier.delivery..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "org.pathway.notifier.consume..",
            "org.pathway.notifier.publish..",
            "org.pathway.notifier.channel.email..",
            "org.pathway.notifier.channel.notify..",
            "org.pathway.notifier.channel.webhook..",
            "org.pathway.notifier.channel.fhir..")
        .check(CLASSES);
  }

  @Test
  void channelsDoNotReachIntoTheScheduleOrKafka() {
    noClasses()
        .that()
        .resideInAPackage("org.pathway.notifier.channel..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "org.pathway.notifier.delivery..",
            "org.pathway.notifier.consume..",
            "org.pathway.notifier.publish..")
        .check(CLASSES);
  }
}
