package io.connectops.notifications.senders.email;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.notifications.content.MessageContent;
import io.connectops.notifications.senders.ChannelSender;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;

/** E-mail through the Quarkus mailer (SMTP from {@code quarkus.mailer.*}); every failure of the SMTP server is retried. */
@ApplicationScoped
public class EmailSender implements ChannelSender {

    @Inject
    Mailer mailer;

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public SendResult send(SendJob job) {
        List<String> to = Arrays.stream(job.channel().setting("to").split(",")).map(String::trim)
                .filter(address -> !address.isEmpty()).toList();
        MessageContent content = job.content();
        String body = content.statusLine() + "\n\n" + (content.text() == null ? "" : content.text() + "\n\n")
                + content.facts().stream().map(f -> f.title() + ": " + f.value()).collect(Collectors.joining("\n"))
                + (content.link() == null ? "" : "\n\n" + content.link())
                + (content.runbookUrl() == null ? "" : "\nRunbook: " + content.runbookUrl());
        Mail mail = Mail.withText(to.get(0), content.headline(), body);
        if (to.size() > 1) {
            mail.setTo(to);
        }
        if (job.channel().setting("from") != null) {
            mail.setFrom(job.channel().setting("from"));
        }
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            return SendResult.retry(null, "SMTP failure: " + e.getClass().getSimpleName(), null);
        }
        return SendResult.delivered(null, null, null, "Mail sent to " + to.size() + " recipient(s)");
    }
}
