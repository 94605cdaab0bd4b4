package io.connectops.incidents;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering of incidents, kept by the build. incidents is layered rather than split by feature (the study found
 * it already in the shape the others move to): resources and consumers call services, services change the domain's
 * entities and record the timeline, and nothing below a resource knows a resource.
 */
class IncidentsArchitectureTest {

    private static final String[] PERSISTENCE = {"jakarta.persistence..", "org.hibernate..", "io.quarkus.hibernate..",
            "io.quarkus.panache..", "java.sql..", "javax.sql..", "io.agroal.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.connectops.incidents");
    }

    @Test
    void resourcesAndConsumersGoThroughServicesNeverThePersistenceApi() {
        noClasses().that().resideInAnyPackage("..incidents.rest..", "..incidents.messaging..", "..incidents.console..")
                .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE)
                .check(classes);
    }

    @Test
    void theDomainKnowsNoServiceResourceOrConsumer() {
        noClasses().that().resideInAPackage("..incidents.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..incidents.service..", "..incidents.rest..",
                        "..incidents.messaging..", "..incidents.console..")
                .check(classes);
    }

    @Test
    void servicesKnowNoResourceConsoleOrConsumer() {
        noClasses().that().resideInAPackage("..incidents.service..")
                .should().dependOnClassesThat().resideInAnyPackage("..incidents.rest..", "..incidents.messaging..",
                        "..incidents.console..")
                .check(classes);
    }

    @Test
    void noClassUsesWhatAResourceDeclares() {
        noClasses().that().areNotAnnotatedWith(Path.class)
                .should().dependOnClassesThat().areAnnotatedWith(Path.class)
                .orShould().dependOnClassesThat(describe("are nested in a resource",
                        type -> type.getEnclosingClass().map(outer -> outer.isAnnotatedWith(Path.class)).orElse(false)))
                .check(classes);
    }

    @Test
    void packagesDoNotDependOnEachOtherInACircle() {
        slices().matching("io.connectops.incidents.(*)..").should().beFreeOfCycles().check(classes);
    }
}
