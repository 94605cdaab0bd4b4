package io.connectops.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class PersonalDataLogFilterTest {

    @Test
    void aRecordWithANestedCauseChainIsMaskedAtEveryLevelAndKeepsItsStack() {
        SQLException root = new SQLException("Detail: Key (email)=(ann@example.com) already exists.", "23505");
        RuntimeException middle = new RuntimeException("insert for +14155550100 failed", root);
        IllegalStateException top = new IllegalStateException("commit failed", middle);
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "callback of %s failed", ExtLogRecord.FormatStyle.PRINTF,
                PersonalDataLogFilterTest.class.getName());
        record.setParameters(new Object[] { "ann@example.com" });
        record.setThrown(top);

        assertThat(new PersonalDataLogFilter().isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage()).isEqualTo("callback of ***@example.com failed");
        StringWriter printed = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).contains("java.lang.IllegalStateException: commit failed")
                .contains("Caused by: java.lang.RuntimeException: insert for ***00 failed")
                .contains("Key (email)=(***) already exists").contains("PersonalDataLogFilterTest")
                .doesNotContain("ann@").doesNotContain("4155550100");
    }
}
