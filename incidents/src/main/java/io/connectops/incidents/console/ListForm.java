package io.connectops.incidents.console;

import java.util.List;

import org.jboss.resteasy.reactive.RestQuery;

/** The filters of the incident list, the same as the API's, as the list page's form sends them. */
public class ListForm {

    @RestQuery
    public List<String> status;

    @RestQuery
    public List<String> severity;

    @RestQuery
    public String queue;

    /** A day ({@code 2026-11-22}, from a date input) or an instant. */
    @RestQuery
    public String createdFrom;

    /** A day (the whole day is included) or an instant (excluded). */
    @RestQuery
    public String createdTo;

    @RestQuery
    public String q;

    @RestQuery
    public String page;

    @RestQuery
    public String size;
}
