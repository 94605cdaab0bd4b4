package io.connectops.scheduling.common;

import java.util.UUID;

import io.connectops.platform.problem.ProblemException;

/** Path and body ids: a malformed id names nothing, so it is a 404 in paths and a 400 in bodies. */
public final class Ids {

    private Ids() {
    }

    public static UUID inPath(String what, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound(what, id);
        }
    }

    public static UUID inBody(String field, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalid(field, "is not a valid id");
        }
    }
}
