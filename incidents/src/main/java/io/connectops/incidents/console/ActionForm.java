package io.connectops.incidents.console;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

/** Every field a console action form can send; each action reads the ones its step needs. */
public class ActionForm {

    /** The CSRF token the page put in the form ({@link ConsoleCsrf}). */
    @RestForm
    public String csrf;

    @RestForm
    public String severity;

    @RestForm
    public String impact;

    @RestForm
    public String summary;

    @RestForm
    public String commander;

    @RestForm
    public String mitigation;

    @RestForm
    public String resolution;

    @RestForm
    public String note;

    @RestForm
    public String reason;

    @RestForm
    public String rootCause;

    /** One contributing factor per line. */
    @RestForm
    public String contributingFactors;

    @RestForm
    public String wentWell;

    @RestForm
    public String wentBadly;

    /** New preventive actions: the i-th description, owner and due date belong together; blank rows are ignored. */
    @RestForm
    public List<String> actionDescription;

    @RestForm
    public List<String> actionOwner;

    @RestForm
    public List<String> actionDueDate;
}
