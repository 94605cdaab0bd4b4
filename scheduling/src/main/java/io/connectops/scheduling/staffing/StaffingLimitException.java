package io.connectops.scheduling.staffing;

/**
 * A staffing computation would do more work than one request may: the load is beyond what the model is solved for
 * here. An {@link IllegalArgumentException}, because the input is at fault, not the service; callers name the field.
 */
public class StaffingLimitException extends IllegalArgumentException {

    public StaffingLimitException(String message) {
        super(message);
    }
}
