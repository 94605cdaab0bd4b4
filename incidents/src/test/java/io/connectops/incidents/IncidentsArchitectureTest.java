package io.connectops.incidents;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import io.connectops.platform.testing.architecture.ArchitectureRules;

/**
 * The layering of incidents, kept by the build. incidents is layered rather than split by feature (the study found
 * it already in the shape the others move to): resources and consumers call services, services change the domain's
 * entities and record the timeline, and nothing below a resource knows a resource.
 */
class IncidentsArchitectureTest {


    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = ArchitectureRules.mainClassesOf("io.connectops.incidents");
    }

    @Test
    void resourcesAndConsumersGoThroughServicesNeverThePersistenceApi() {
        // The console's reader is a service of its own (one read-only transaction per page), so it is not listed.
        noClasses().that().resideInAnyPackage("..incidents.rest..", "..incidents.messaging..")
                .or().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.PERSISTENCE)
                .check(classes);
    }

    @Test
    void theDomainKnowsNoServiceResourceOrConsumer() {
        ArchitectureRules.layerKnowsNone("..incidents.domain..", "..incidents.service..", "..incidents.rest..",
                "..incidents.messaging..", "..incidents.console..").check(classes);
    }

    @Test
    void servicesKnowNoResourceConsoleOrConsumer() {
        ArchitectureRules.layerKnowsNone("..incidents.service..", "..incidents.rest..", "..incidents.messaging..",
                "..incidents.console..").check(classes);
    }

    @Test
    void noClassUsesWhatAResourceDeclares() {
        ArchitectureRules.noClassUsesWhatAResourceDeclares().check(classes);
    }

    @Test
    void packagesDoNotDependOnEachOtherInACircle() {
        ArchitectureRules.packagesFreeOfCycles("io.connectops.incidents").check(classes);
    }
}
