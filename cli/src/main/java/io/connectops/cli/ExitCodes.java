package io.connectops.cli;

/**
 * Exit codes that scripts can rely on. {@code diff} follows diff(1): 0 when nothing differs, {@link #DIFFERS} when
 * something does.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** {@code rules diff}, {@code routes diff}: the file and the server differ; {@code rules test}: a case failed. */
    public static final int DIFFERS = 1;
    /** Bad command line (picocli's own usage error code). */
    public static final int USAGE = 2;
    /** No valid sign-in, or the role does not allow it (401, 403). */
    public static final int NOT_AUTHORIZED = 3;
    /** The server refused the input (400, 413, 422…): the problem's detail and fields are printed. */
    public static final int REFUSED = 4;
    /** 404. */
    public static final int NOT_FOUND = 5;
    /** 409: the state does not allow it (an illegal transition, a duplicate). */
    public static final int CONFLICT = 6;
    /** The service did not answer or failed (5xx, connection refused, timeout): worth retrying. */
    public static final int UNAVAILABLE = 7;

    private ExitCodes() {
    }
}
