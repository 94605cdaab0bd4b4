package io.connectops.contracts;

/**
 * Who did something: a person or machine client from its token ({@code sub} and a display name), or the system.
 */
public record Actor(String id, String name) {

    public static final Actor SYSTEM = new Actor("system", "Connect Ops");
}
