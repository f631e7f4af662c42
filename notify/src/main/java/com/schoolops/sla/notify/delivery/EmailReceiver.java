package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.notify.routes.ReceiverSpec;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * E-mail over SMTP with Jakarta Mail (Eclipse Angus): STARTTLS (required when asked for) or SMTPS, and login. The
 * Message-ID is the notification id with the receiver and its language ({@code <id.receiver.zh@sla-notify>}): the
 * same on a resent copy, so a mail system or reader can drop it, and another on every other receiver's copy (RFC 5322
 * wants one per message). The Idempotency-Key header is the notification id. A server that is away or answers 4xx is
 * retried, a refused address is not.
 */
public final class EmailReceiver implements Receiver {
    private final ReceiverSpec spec;
    private final ReceiverSpec.Mail mail;
    private final Session session;
    private final MessageText words;

    public EmailReceiver(ReceiverSpec spec, Duration timeout) {
        this.spec = spec;
        this.mail = spec.mail().orElseThrow();
        this.words = new MessageText(spec);
        Properties p = new Properties();
        String protocol = mail.ssl() ? "smtps" : "smtp";
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", mail.host());
        p.put("mail." + protocol + ".port", String.valueOf(mail.port()));
        p.put("mail." + protocol + ".connectiontimeout", String.valueOf(timeout.toMillis()));
        p.put("mail." + protocol + ".timeout", String.valueOf(timeout.toMillis()));
        p.put("mail." + protocol + ".writetimeout", String.valueOf(timeout.toMillis()));
        p.put("mail.smtp.starttls.enable", String.valueOf(mail.startTls()));
        p.put("mail." + protocol + ".auth", String.valueOf(mail.username().isPresent()));
        this.session = Session.getInstance(p, mail.username().isEmpty() ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(mail.username().get(), mail.password().orElse(""));
            }
        });
    }

    @Override
    public Attempt deliver(Notification n) {
        try {
            MimeMessage message = new IdentifiedMessage(session, messageId(n));
            message.setFrom(new InternetAddress(mail.from()));
            for (String to : mail.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            message.setSubject(words.title(n), StandardCharsets.UTF_8.name());
            message.setText(words.text(n) + "\n\n#" + n.getNotificationId(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date(n.getPlannedAt()));
            message.setHeader("Idempotency-Key", n.getNotificationId());
            Transport.send(message);
            return Attempt.delivered();
        } catch (AddressException | SendFailedException e) {
            return Attempt.refused("SMTP refused: " + e.getMessage());
        } catch (MessagingException e) {
            return Attempt.retry("SMTP: " + e.getMessage() + (e.getNextException() == null ? "" : " (" + e.getNextException().getMessage() + ")"));
        }
    }

    /** One per message, receiver and language copy; only characters a Message-ID's left part may hold. */
    private String messageId(Notification n) {
        String left = n.getNotificationId() + "." + spec.name() + "." + spec.language().name().toLowerCase(java.util.Locale.ROOT);
        return "<" + left.replaceAll("[^A-Za-z0-9.!#$%&'*+=?^_`{|}~-]", ".") + "@sla-notify>";
    }

    /** Keeps the Message-ID it is given: Jakarta Mail would write a fresh one on send. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String id;

        IdentifiedMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
