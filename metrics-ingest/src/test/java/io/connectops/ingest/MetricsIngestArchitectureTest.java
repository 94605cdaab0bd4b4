package io.connectops.ingest;



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
        ArchitectureRules.resourcesNeverTouchPersistence().check(classes);
    }

    @Test
    void theDomainKnowsNoServiceOrResource() {
        ArchitectureRules.layerKnowsNone("..ingest.domain..", "..ingest.service..", "..ingest.rest..",
                "..ingest.receivers..", "..ingest.aws..").check(classes);
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
