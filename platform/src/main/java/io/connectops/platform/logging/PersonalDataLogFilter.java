package io.connectops.platform.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * The console and file handlers of every service run their records through this filter
 * ({@code quarkus.log.console.filter}), so that no log line carries an e-mail address, a phone number or a
 * PostgreSQL key value, whether it comes from our own messages, a library's, or the exception being logged.
 */
@LoggingFilter(name = PersonalDataLogFilter.NAME)
public final class PersonalDataLogFilter implements Filter {

    public static final String NAME = "connectops-personal-data";

    private static final ExtFormatter MESSAGE_ONLY = new ExtFormatter() {
        @Override
        public String format(ExtLogRecord record) {
            return formatMessage(record);
        }
    };

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? MESSAGE_ONLY.formatMessage(ext)
                : MESSAGE_ONLY.formatMessage(record);
        String masked = PersonalDataMask.mask(message);
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(masked);
        }
        record.setParameters(null);
        if (record.getThrown() != null) {
            record.setThrown(MaskedThrowable.of(record.getThrown()));
        }
        return true;
    }

    /**
     * A stand-in for a logged exception that prints as the original, with the same stack, but with its message (and
     * its causes' messages) masked. Exceptions cannot have their message replaced, and the driver puts the offending
     * row's values into its own.
     */
    static final class MaskedThrowable extends Throwable {
        private final String printed;

        private MaskedThrowable(Throwable original) {
            // The cause is left unset here, so that of() can give the masked cause with initCause.
            super(PersonalDataMask.mask(original.getMessage()));
            this.printed = PersonalDataMask.mask(original.toString());
            setStackTrace(original.getStackTrace());
        }

        static Throwable of(Throwable original) {
            if (original instanceof MaskedThrowable) {
                return original;
            }
            MaskedThrowable masked = new MaskedThrowable(original);
            Throwable cause = original.getCause();
            if (cause != null && cause != original) {
                masked.initCause(of(cause));
            }
            for (Throwable suppressed : original.getSuppressed()) {
                masked.addSuppressed(of(suppressed));
            }
            return masked;
        }

        @Override
        public String toString() {
            return printed;
        }
    }
}
