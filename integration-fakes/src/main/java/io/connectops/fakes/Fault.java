package io.connectops.fakes;

/**
 * What a fake does instead of its normal answer, for the next {@code times} requests (or until cleared when
 * {@code times} is negative): answer 429 with {@code Retry-After}, answer a 5xx, hang without answering, or take the
 * request and then hang, so that the answer is lost ({@code ANSWER_LOST}: the receiver has the message, the sender
 * never learns it).
 */
public record Fault(Kind kind, int status, int retryAfterSeconds, long hangMillis, int times) {

    public enum Kind { RATE_LIMITED, SERVER_ERROR, HANG, ANSWER_LOST }

    public static Fault rateLimited(int retryAfterSeconds, int times) {
        return new Fault(Kind.RATE_LIMITED, 429, retryAfterSeconds, 0, times);
    }

    public static Fault serverError(int status, int times) {
        return new Fault(Kind.SERVER_ERROR, status, 0, 0, times);
    }

    /** Down until {@link FakeHttpServer#clearFaults()}: every request gets a 503. */
    public static Fault down() {
        return new Fault(Kind.SERVER_ERROR, 503, 0, 0, -1);
    }

    public static Fault hang(long hangMillis, int times) {
        return new Fault(Kind.HANG, 0, 0, hangMillis, times);
    }

    /** The request is applied as usual, then the fake hangs for {@code hangMillis} instead of answering. */
    public static Fault answerLost(long hangMillis, int times) {
        return new Fault(Kind.ANSWER_LOST, 0, 0, hangMillis, times);
    }
}
