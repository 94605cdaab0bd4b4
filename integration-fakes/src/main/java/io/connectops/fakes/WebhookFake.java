package io.connectops.fakes;

import java.util.Map;

/** A generic webhook receiver: every POST is accepted with 200 and recorded (see {@link #received()}). */
public class WebhookFake extends FakeHttpServer {

    @Override
    protected void resetState() {
    }

    @Override
    protected Answer answer(Request request) {
        if (!"POST".equals(request.method())) {
            return Answer.text(405, "method not allowed");
        }
        return Answer.json(200, Map.of("received", true));
    }
}
