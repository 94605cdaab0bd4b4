package io.connectops.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import io.connectops.platform.testing.architecture.ArchitectureRules;

/**
 * The layering of metrics-ingest, kept by the build with the rules every service applies: resources go through
 * services and never touch the persistence API, the domain knows no service or resource, nothing uses what a
 * resource declares, and no two packages depend on each other in a circle.
 */
class MetricsIngestArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = ArchitectureRules.mainClassesOf("io.connectops.ingest");
    }

    @Test
    void resourcesGoThroughServicesNeverThePersistenceApi() {
        noClasses().that().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.PERSISTENCE)
                .check(classes);
    }

    @Test
    void theDomainKnowsNoServiceOrResource() {
        noClasses().that().resideInAPackage("..ingest.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..ingest.service..", "..ingest.rest..",
                        "..ingest.receivers..")
                .check(classes);
    }

    @Test
    void noClassUsesWhatAResourceDeclares() {
        ArchitectureRules.noClassUsesWhatAResourceDeclares().check(classes);
    }

    @Test
    void packagesDoNotDependOnEachOtherInACircle() {
        ArchitectureRules.packagesFreeOfCycles("io.connectops.ingest").check(classes);
    }
}
