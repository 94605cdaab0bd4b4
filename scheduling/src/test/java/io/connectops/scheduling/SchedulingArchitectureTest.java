package io.connectops.scheduling;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.lang.annotation.Annotation;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering of scheduling, kept by the build. Features (people, forecast, staffing, roster, intraday, adherence,
 * ops, reports) never depend on each other in a circle; the maths and rules that decide (Erlang, Holt-Winters,
 * rosters, recurrences, adherence) touch neither persistence nor entities; resources go through services and return
 * views; nothing uses what a resource declares.
 */
class SchedulingArchitectureTest {

    private static final String[] PERSISTENCE = {"jakarta.persistence..", "jakarta.transaction..", "org.hibernate..",
            "io.quarkus.hibernate..", "io.quarkus.panache..", "java.sql..", "javax.sql..", "io.agroal.."};

    /** What may touch storage: entities, beans (services, stores, consumers, jobs) and the views made from entities. */
    private static final List<Class<? extends Annotation>> STORAGE_ROLES = List.of(Entity.class,
            ApplicationScoped.class, Singleton.class, Path.class);

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.connectops.scheduling");
    }

    private static boolean hasStorageRole(JavaClass type) {
        if (type.getSimpleName().endsWith("View") || type.isInterface()
                || STORAGE_ROLES.stream().anyMatch(type::isAnnotatedWith)) {
            return true;
        }
        return type.getEnclosingClass().map(SchedulingArchitectureTest::hasStorageRole).orElse(false);
    }

    @Test
    void classesThatDecideTouchNeitherPersistenceNorEntities() {
        noClasses().that(describe("decide (neither entity, bean, resource nor view)", type -> !hasStorageRole(type)))
                .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE)
                .orShould().dependOnClassesThat(annotatedWith(Entity.class))
                .check(classes);
    }

    @Test
    void resourcesGoThroughServicesAndReturnViewsNeverEntities() {
        noClasses().that().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat(annotatedWith(Entity.class))
                .orShould().dependOnClassesThat().resideInAnyPackage(PERSISTENCE)
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
    void featuresDoNotDependOnEachOtherInACircle() {
        slices().matching("io.connectops.scheduling.(*)..").should().beFreeOfCycles().check(classes);
    }
}
