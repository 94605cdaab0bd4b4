package io.connectops.notifications.delivery;

/**
 * Delivery details may end in what a receiver said (an error body, a Slack error code, a connection message), always
 * after a {@code ": "}. Admins and incident managers read them whole; everyone else, and the delivery events that
 * reach incident timelines, get the part before: an SSRF probe must not become a way to read internal answers.
 */
public final class ReceiverText {

    private ReceiverText() {
    }

    /** {@code "HTTP 500: <body>"} becomes {@code "HTTP 500"}; a detail of our own without a colon stays as it is. */
    public static String withoutReceiverText(String detail) {
        if (detail == null) {
            return null;
        }
        int colon = detail.indexOf(": ");
        return colon < 0 ? detail : detail.substring(0, colon);
    }
}
