package io.connectops.scheduling;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

import io.connectops.platform.testing.architecture.ArchitectureRules;

/**
 * The layering of scheduling, kept by the build. Features (people, forecast, staffing, roster, intraday, adherence,
 * ops, reports) never depend on each other in a circle; the maths and rules that decide (Erlang, Holt-Winters,
 * rosters, recurrences, adherence) touch neither persistence nor entities; resources go through services and return
 * views; nothing uses what a resource declares.
 */
class SchedulingArchitectureTest {


    /** What may touch storage: entities, beans (services, stores, consumers, jobs) and the views made from entities. */
    private static final List<Class<? extends Annotation>> STORAGE_ROLES = List.of(Entity.class,
            ApplicationScoped.class, Singleton.class, Path.class);

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = ArchitectureRules.mainClassesOf("io.connectops.scheduling");
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
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.PERSISTENCE)
                .orShould().dependOnClassesThat(annotatedWith(Entity.class))
                .check(classes);
    }

    @Test
    void resourcesGoThroughServicesAndReturnViewsNeverEntities() {
        noClasses().that().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat(annotatedWith(Entity.class))
                .orShould().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.PERSISTENCE)
                .check(classes);
    }

    @Test
    void noClassUsesWhatAResourceDeclares() {
        ArchitectureRules.noClassUsesWhatAResourceDeclares().check(classes);
    }

    @Test
    void featuresDoNotDependOnEachOtherInACircle() {
        ArchitectureRules.packagesFreeOfCycles("io.connectops.scheduling").check(classes);
    }
}
