package io.connectops.incidents.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response.Status;

import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/**
 * The console forms' CSRF token (double submit): a random token in an HttpOnly, SameSite=Strict cookie scoped to
 * {@code /incidents}, repeated in a hidden field of every form; a post whose field does not repeat the cookie is
 * refused before anything runs. Only the console's forms take part: the API's JSON requests carry bearer tokens,
 * which a browser never adds on its own.
 */
final class ConsoleCsrf {

    static final String COOKIE = "console-csrf";
    static final String FIELD = "csrf";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private ConsoleCsrf() {
    }

    /** The browser's token if it has a well-formed one, else a new one (which the response then sets). */
    static String tokenFor(String cookie) {
        if (cookie != null && TOKEN.matcher(cookie).matches()) {
            return cookie;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static NewCookie cookie(String token, boolean secure) {
        return new NewCookie.Builder(COOKIE).value(token).path("/incidents").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    static void verify(String cookie, String field) {
        boolean matches = cookie != null && field != null && TOKEN.matcher(cookie).matches()
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII),
                        field.getBytes(StandardCharsets.US_ASCII));
        if (!matches) {
            throw new ProblemException(Status.BAD_REQUEST, "Bad Request",
                    "This form was not sent from the console page of this browser: reload the page and try again",
                    List.of(new Problem.FieldError(FIELD, "does not match the console's token")), null);
        }
    }
}
