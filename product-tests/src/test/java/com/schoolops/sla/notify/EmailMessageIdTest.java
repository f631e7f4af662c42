package com.schoolops.sla.notify;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.notify.delivery.Attempt;
import com.schoolops.sla.notify.delivery.EmailReceiver;
import com.schoolops.sla.notify.routes.ReceiverSpec;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One notification mailed to two receivers, one in Chinese and one in English: two mails, two Message-IDs, one Idempotency-Key. */
class EmailMessageIdTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

    @Test
    void eachReceiversCopyHasAMessageIdOfItsOwnAndTheNotificationsIdempotencyKey() throws Exception {
        for (String name : List.of("managers-zh", "managers-en")) {
            ReceiverSpec spec = mailbox(name, name.endsWith("zh") ? ReceiverSpec.Language.ZH : ReceiverSpec.Language.EN);
            Attempt a = new EmailReceiver(spec, Duration.ofSeconds(5)).deliver(notification(name));
            assertEquals(Attempt.Result.DELIVERED, a.result(), a.reason());
        }
        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertEquals(2, mails.length);
        Set<String> ids = Arrays.stream(mails).map(m -> header(m, "Message-ID")).collect(Collectors.toSet());
        assertEquals(2, ids.size(), "one Message-ID per receiver's copy: " + ids);
        assertEquals(Set.of("b-1/repeat-1"), Arrays.stream(mails).map(m -> header(m, "Idempotency-Key")).collect(Collectors.toSet()));
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReceiverSpec mailbox(String name, ReceiverSpec.Language language) {
        var mail = new ReceiverSpec.Mail("localhost", SMTP.getSmtp().getPort(), false, false, Optional.empty(), Optional.empty(),
                "sla@district.example", List.of(name + "@district.example"));
        return new ReceiverSpec(name, ReceiverSpec.Kind.EMAIL, "smtp://localhost", Map.of(), Optional.empty(), Optional.of(mail), language,
                ZoneId.of("Asia/Shanghai"), Optional.empty(), Optional.empty(), List.of());
    }

    private static Notification notification(String receiver) {
        Escalation e = Escalation.newBuilder().setEscalationId("b-1").setType(EscalationType.SLA_BREACH).setTier(2).setSiteId("school-1")
                .setTicketId("t-1").setAt(1772416800000L).setMessage("Ticket t-1 breached").build();
        return Notification.newBuilder().setNotificationId("b-1/repeat-1").setReceiver(receiver).setRoute("experts").setKind(NotificationKind.REPEAT)
                .setTier(2).setRepeat(1).setSiteId("school-1").setHeadline(e).setGrouped(List.of()).setPlannedAt(1772417700000L).build();
    }
}
