package io.connectops.platform.testing.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering rules that every service's architecture test applies to its own classes, so that the five services
 * keep one shape (style-examples.md §5): no package cycles, nothing outside a resource uses what a resource declares,
 * and a list of the packages that are storage, for the rules each service adds about the classes that decide.
 */
public final class ArchitectureRules {

    /** The persistence API: what classes that decide, and resources, must not touch. */
    public static final String[] PERSISTENCE = {"jakarta.persistence..", "jakarta.transaction..", "org.hibernate..",
            "io.quarkus.hibernate..", "io.quarkus.panache..", "java.sql..", "javax.sql..", "io.agroal.."};

    /** A JAX-RS resource: annotated {@code @Path} (by name, so platform-testing needs no JAX-RS API). */
    private static final String RESOURCE = "jakarta.ws.rs.Path";

    private ArchitectureRules() {
    }

    /** The main classes (not the tests) of a service, e.g. {@code io.connectops.alerting}. */
    public static JavaClasses mainClassesOf(String servicePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
    }

    /** Request and response records live beside the resource, never inside it, so services never import a resource. */
    public static ArchRule noClassUsesWhatAResourceDeclares() {
        return noClasses().that().areNotAnnotatedWith(RESOURCE)
                .should().dependOnClassesThat().areAnnotatedWith(RESOURCE)
                .orShould().dependOnClassesThat(describe("are nested in a resource",
                        type -> type.getEnclosingClass().map(outer -> outer.isAnnotatedWith(RESOURCE)).orElse(false)));
    }

    /** Resources go through services: no {@code @Path} class touches the persistence API. */
    public static ArchRule resourcesNeverTouchPersistence() {
        return noClasses().that().areAnnotatedWith(RESOURCE)
                .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE);
    }

    /** A lower layer (e.g. {@code ..incidents.domain..}) knows none of the layers above it. */
    public static ArchRule layerKnowsNone(String layer, String... above) {
        return noClasses().that().resideInAPackage(layer).should().dependOnClassesThat().resideInAnyPackage(above);
    }

    /** The packages right below the service's (its features, or its layers) never depend on each other in a circle. */
    public static ArchRule packagesFreeOfCycles(String servicePackage) {
        return slices().matching(servicePackage + ".(*)..").should().beFreeOfCycles();
    }
}
