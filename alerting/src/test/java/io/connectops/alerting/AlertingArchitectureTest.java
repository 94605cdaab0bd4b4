package io.connectops.alerting;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

import io.connectops.platform.testing.architecture.ArchitectureRules;

/**
 * The layering of alerting, kept by the build: features (evaluation, rules, suppression, alerts, grouping, series)
 * never depend on each other in a circle; classes that decide touch no persistence; resources go through services.
 */
class AlertingArchitectureTest {


    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = ArchitectureRules.mainClassesOf("io.connectops.alerting");
    }

    /** Evaluators, muters, matchers, validators and the immutable specs and records they decide on. */
    private static boolean decides(JavaClass type) {
        String name = type.getSimpleName();
        return name.equals("RuleEvaluator") || name.endsWith("Muter") || name.endsWith("Matcher")
                || name.endsWith("Validator")
                || name.endsWith("Spec") || name.equals("ThresholdComparator") || name.equals("Suppression")
                || name.equals("Transition") || name.equals("SeriesState") || name.equals("RuleState");
    }

    @Test
    void classesThatDecideTouchNoPersistence() {
        noClasses().that(describe("decide (evaluators, muters, matchers, validators, specs)", AlertingArchitectureTest::decides))
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.PERSISTENCE)
                .orShould().dependOnClassesThat(annotatedWith(Entity.class))
                .check(classes);
    }

    @Test
    void resourcesGoThroughServicesNeverStoresOrEntities() {
        noClasses().that().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Store")
                .orShould().dependOnClassesThat(annotatedWith(Entity.class))
                .orShould().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.PERSISTENCE)
                .check(classes);
    }

    @Test
    void noClassUsesWhatAResourceDeclares() {
        ArchitectureRules.noClassUsesWhatAResourceDeclares().check(classes);
    }

    @Test
    void featuresDoNotDependOnEachOtherInACircle() {
        ArchitectureRules.packagesFreeOfCycles("io.connectops.alerting").check(classes);
    }
}
