package io.connectops.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.connectops.alerting.ruletest.RuleTestDraft;
import io.connectops.alerting.ruletest.RuleTestService;
import io.connectops.alerting.ruletest.RuleTestView;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The test file shipped with the default rules passes through the rule-test runner, with the evaluation settings in
 * force, and tests each default rule both firing and not firing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DefaultRulesTestFileTest {

    @Inject
    RuleTestService ruleTests;

    static RuleTestDraft.TestFile testFile() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).findAndRegisterModules()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = DefaultRulesTestFileTest.class.getResourceAsStream("/default-rules.test.yaml")) {
            return yaml.readValue(in, RuleTestDraft.TestFile.class);
        }
    }

    static List<RuleSpec> defaultRules() {
        return DefaultRules.all().stream().map(seed -> RuleDraftValidator.specOf(seed.id(), seed.draft())).toList();
    }

    @Test
    void everyExpectationOfTheDefaultRulesTestFileHolds() throws Exception {
        RuleTestView view = ruleTests.run(defaultRules(), testFile());

        assertThat(view.tests()).allSatisfy(test -> assertThat(test.failures()).as(test.name()).isEmpty());
        assertThat(view.passed()).isTrue();
        assertThat(view.tests()).hasSize(testFile().tests().size());
        assertThat(view.untestedRules()).isEmpty();
    }

    @Test
    void everyDefaultRuleIsTestedFiringAndNotFiring() throws Exception {
        Set<String> fires = new HashSet<>();
        Set<String> staysQuiet = new HashSet<>();
        for (RuleTestDraft.TestCase test : testFile().tests()) {
            for (RuleTestDraft.AlertTest alertTest : test.alertTests()) {
                boolean firing = alertTest.expectedAlerts().stream()
                        .anyMatch(alert -> alert.state() == null || alert.state().name().equals("FIRING"));
                (firing ? fires : staysQuiet).add(alertTest.rule());
            }
        }
        List<String> names = DefaultRules.all().stream().map(seed -> seed.draft().name()).toList();

        assertThat(fires).containsAll(names);
        assertThat(staysQuiet).containsAll(names);
    }

    @Test
    void aWrongExpectationInTheFileFails() throws Exception {
        RuleTestDraft.TestFile file = testFile();
        RuleTestDraft.TestCase firing = file.tests().get(0);
        RuleTestDraft.AlertTest last = firing.alertTests().get(firing.alertTests().size() - 1);
        // At PT26M the abandonment alert has resolved: expecting it still firing must fail, and say what is open.
        RuleTestDraft.AlertTest wrong = new RuleTestDraft.AlertTest(last.evalTime(), last.rule(),
                firing.alertTests().get(1).expectedAlerts());
        RuleTestDraft.TestFile mutated = new RuleTestDraft.TestFile(file.evaluationInterval(), List.of(
                new RuleTestDraft.TestCase(firing.name(), firing.inputSeries(), List.of(wrong))));

        RuleTestView view = ruleTests.run(defaultRules(), mutated);

        assertThat(view.passed()).isFalse();
        assertThat(view.tests().get(0).failures()).singleElement().satisfies(failure -> {
            assertThat(failure.field()).isEqualTo("tests[0].alertTests[0]");
            assertThat(failure.evalTime()).isEqualTo("PT26M");
            assertThat(failure.expected()).hasSize(1);
            assertThat(failure.got()).isEmpty();
        });
    }
}
