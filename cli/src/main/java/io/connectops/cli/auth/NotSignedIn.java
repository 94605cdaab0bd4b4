package io.connectops.cli.auth;

/** No token can be had without the user: the message says which command signs in. */
public class NotSignedIn extends RuntimeException {

    public NotSignedIn(String message) {
        super(message);
    }
}
