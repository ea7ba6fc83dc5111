package org.pathway.fhiradapter.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.access.AccessFactory;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.ledger.LedgerTransactions;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.NewTask;
import org.pathway.fhiradapter.ledger.TaskChangeCheck;

/**
 * Keeps each package to its role: only the HTTP edge knows HTTP statuses, SQL lives only in the
 * ledger's row stores, and the stores and the pure Task rules decide, build and publish nothing.
 */
class PackageRolesTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          // Micronaut's generated bean definitions ($Foo$Definition) name what they inject.
          .withImportOption(location -> !location.contains("/$"))
          .importPackages("org.pathway.fhiradapter");

  private static final String HTTP = "org.pathway.fhiradapter.http..";
  private static final String STORE = "org.pathway.fhiradapter.ledger.store..";

  /** JDBC's statements and connections, as opposed to SQLException, which parts may pass on. */
  private static final DescribedPredicate<JavaClass> JDBC =
      DescribedPredicate.describe(
          "JDBC connections, statements and result sets",
          c ->
              c.getPackageName().equals("javax.sql")
                  || (c.getPackageName().equals("java.sql")
                      && !c.isAssignableTo(java.sql.SQLException.class)));

  /** A ledger part: a bean in the ledger package (intake, Task updates, the save path...). */
  private static final DescribedPredicate<JavaClass> LEDGER_PART =
      DescribedPredicate.describe(
          "a ledger part",
          c ->
              c.getPackageName().equals("org.pathway.fhiradapter.ledger")
                  && c.isAnnotatedWith(Singleton.class));

  @Test
  void onlyTheHttpEdgeKnowsHttpStatuses() {
    noClasses()
        .that()
        .resideOutsideOfPackage(HTTP)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ca.uhn.fhir.rest.server..",
            "ca.uhn.fhir.rest.api..",
            "jakarta.servlet..",
            "io.micronaut.http..",
            "org.eclipse.jetty..")
        .because("the ledger and the readers say what went wrong in their own terms")
        .check(CLASSES);
  }

  @Test
  void sqlLivesOnlyInTheRowStores() {
    noClasses()
        .that()
        .resideOutsideOfPackage(STORE)
        .and()
        // AccessFactory hands the DataSource to the access module's replay log, and
        // ApplierDeadLetters to the dead-letters module's ledger; neither writes SQL.
        .doNotBelongToAnyOf(
            LedgerTransactions.class,
            LedgerTx.class,
            AccessFactory.class,
            org.pathway.fhiradapter.applier.ApplierDeadLetters.class)
        .should()
        .dependOnClassesThat(JDBC)
        .check(CLASSES);
  }

  @Test
  void rowStoresDecideNothingAndBuildNoEvents() {
    noClasses()
        .that()
        .resideInAPackage(STORE)
        .should()
        .dependOnClassesThat(LEDGER_PART)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("org.pathway.fhiradapter.task..", "org.pathway.events.serde..")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(EventMapper.class)
        .check(CLASSES);
  }

  @Test
  void onlyTheLedgerUsesItsRowStores() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.pathway.fhiradapter.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(STORE)
        .check(CLASSES);
  }

  @Test
  void theTaskRulesArePureFunctions() {
    noClasses()
        .that()
        .belongToAnyOf(NewTask.class, TaskChangeCheck.class)
        .or()
        .resideInAPackage("org.pathway.fhiradapter.task..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(STORE, "java.sql..", "org.apache.kafka..")
        .orShould()
        .dependOnClassesThat(LEDGER_PART)
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(LedgerTx.class, LedgerTransactions.class)
        .check(CLASSES);
  }
}
