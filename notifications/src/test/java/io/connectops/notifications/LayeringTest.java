package io.connectops.notifications;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The shape of the service, kept by the build: one package per feature with no cycles between them, resources
 * that nobody imports and that hold no request or response records, REST that returns views, and decisions
 * (matchers, policies, classifiers) that never touch the database.
 */
class LayeringTest {

    private static final String ROOT = "io.connectops.notifications";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noClassDependsOnAResource() {
        noClasses().that().areNotAnnotatedWith(Path.class).should().dependOnClassesThat().areAnnotatedWith(Path.class)
                .check(MAIN);
    }

    @Test
    void resourcesHoldNoRecordsOfTheirOwn() {
        noClasses().should(beNestedIn(Path.class))
                .because("request and response records live in the feature package, not inside a resource")
                .check(MAIN);
    }

    @Test
    void restReturnsViewsNeverEntities() {
        methods().that().areDeclaredInClassesThat().areAnnotatedWith(Path.class).and().arePublic()
                .should(returnNoEntity()).check(MAIN);
    }

    @Test
    void classesThatDecideTouchNoPersistence() {
        noClasses().that().haveSimpleNameEndingWith("Matcher").or().haveSimpleNameEndingWith("Policy")
                .or().haveSimpleNameEndingWith("Classifier").or().haveSimpleNameEndingWith("Repeat")
                .or().haveSimpleNameEndingWith("Schedule")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "jakarta.transaction..",
                        "javax.sql..", "java.sql..", "io.quarkus.hibernate..", "io.quarkus.panache..")
                .check(MAIN);
    }

    @Test
    void sendersKnowNothingOfTheQueueRoutingOrChannelsStorage() {
        noClasses().that().resideInAnyPackage(ROOT + ".senders", ROOT + ".content")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".delivery..", ROOT + ".intake..",
                        ROOT + ".routing..", ROOT + ".channels..", ROOT + ".digest..")
                .check(MAIN);
    }

    private static ArchCondition<JavaClass> beNestedIn(Class<? extends Annotation> annotation) {
        return new ArchCondition<>("be nested in a class annotated @" + annotation.getSimpleName()) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean nested = javaClass.getEnclosingClass().map(outer -> outer.isAnnotatedWith(annotation))
                        .orElse(false);
                events.add(new SimpleConditionEvent(javaClass, nested, javaClass.getName() + " is nested in "
                        + javaClass.getEnclosingClass().map(JavaClass::getName).orElse("no class")));
            }
        };
    }

    private static ArchCondition<JavaMethod> returnNoEntity() {
        return new ArchCondition<>("return no @Entity, not even inside a page or a list") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                if (method.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                    return;
                }
                for (JavaClass returned : erasures(method.getReturnType())) {
                    if (returned.isAnnotatedWith(Entity.class)) {
                        events.add(SimpleConditionEvent.violated(method,
                                method.getFullName() + " returns the entity " + returned.getName()));
                    }
                }
            }
        };
    }

    private static List<JavaClass> erasures(JavaType type) {
        List<JavaClass> found = new ArrayList<>();
        found.add(type.toErasure());
        if (type instanceof JavaParameterizedType parameterized) {
            for (JavaType argument : parameterized.getActualTypeArguments()) {
                found.addAll(erasures(argument));
            }
        }
        return found;
    }
}
