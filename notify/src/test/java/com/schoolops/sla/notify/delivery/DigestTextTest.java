package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.avro.DigestSite;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationDigest;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.notify.routes.ReceiverSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the district's desk reads in a storm: one digest, its counts, a bounded list of schools, in Chinese or English. */
class DigestTextTest {
    static final long CUT = Instant.parse("2026-12-07T01:00:00Z").toEpochMilli(); // 09:00 in Shanghai
    static final long SENT = Instant.parse("2026-12-07T01:05:00Z").toEpochMilli();

    @Test
    void thirtySevenSchoolsDownAndTwelveBackInChineseNamesTenOfEachListAndCountsTheRest() {
        Notification n = digest(NotificationKind.FIRING, 25, 12, "*");
        MessageText zh = new MessageText(receiver(ReceiverSpec.Language.ZH));
        assertEquals("【告警】37 所学校停电/断网，12 所已恢复", zh.title(n));
        assertEquals("""
                范围：全部学校
                37 所学校停电/断网，12 所已恢复，25 所仍未恢复。
                仍未恢复：school-0、school-1、school-2、school-3、school-4、school-5、school-6、school-7、school-8、school-9…… 及另外 15 所
                已恢复：school-25、school-26、school-27、school-28、school-29、school-30、school-31、school-32、school-33、school-34…… 及另外 2 所
                首所停机时间：2026-12-07 09:00:00 Asia/Shanghai
                第 3 次汇总，发送时间：2026-12-07 09:05:00 Asia/Shanghai""", zh.text(n));
    }

    @Test
    void theSameInEnglishAndTheResolvedDigestSaysAllAreBack() {
        MessageText en = new MessageText(receiver(ReceiverSpec.Language.EN));
        Notification n = digest(NotificationKind.FIRING, 25, 12, "contract=seed-003");
        assertEquals("[ALERT] 37 schools down, 12 back", en.title(n));
        String text = en.text(n);
        assertTrue(text.startsWith("Scope: the schools of contract seed-003\n37 schools down, 12 back, 25 still down.\n"), text);
        assertTrue(text.contains("Still down: school-0, school-1, school-2, school-3, school-4, school-5, school-6, school-7, school-8, school-9… and 15 more\n"), text);
        assertTrue(text.contains("Back: school-25, school-26, school-27, school-28, school-29, school-30, school-31, school-32, school-33, school-34… and 2 more\n"), text);

        Notification over = digest(NotificationKind.RESOLVED, 0, 3, "*");
        assertEquals("[RESOLVED] 3 schools down, all back", en.title(over));
        String overText = en.text(over);
        assertTrue(overText.contains("3 schools were down; all are back.\nBack: school-0, school-1, school-2\n"), overText);
        assertFalse(overText.contains("Still down"), overText);
        assertEquals("【已恢复】3 所学校停电/断网，已全部恢复", new MessageText(receiver(ReceiverSpec.Language.ZH)).title(over));
    }

    /** {@code down} schools still down, then {@code back} schools back, named school-0, school-1, ... in that order. */
    static Notification digest(NotificationKind kind, int down, int back, String group) {
        List<DigestSite> stillDown = IntStream.range(0, down).mapToObj(i -> site(i, null)).toList();
        List<DigestSite> backAgain = IntStream.range(down, down + back).mapToObj(i -> site(i, SENT)).toList();
        Escalation first = Escalation.newBuilder().setEscalationId("so-0").setType(EscalationType.SITE_OUTAGE).setTier(2).setSiteId("school-0")
                .setAt(CUT).setMessage("m").build();
        return Notification.newBuilder().setNotificationId("so-0@desk/digest-3").setReceiver("desk").setRoute("district").setKind(kind)
                .setTier(2).setSiteId(group).setHeadline(first).setPlannedAt(SENT)
                .setDigest(NotificationDigest.newBuilder().setGroup(group).setUpdate(3).setSince(CUT).setDown(stillDown).setBack(backAgain).build()).build();
    }

    private static DigestSite site(int i, Long backAt) {
        return DigestSite.newBuilder().setSiteId("school-" + i).setDownAt(CUT + i * 600L).setBackAt(backAt).build();
    }

    private static ReceiverSpec receiver(ReceiverSpec.Language language) {
        return new ReceiverSpec("desk", ReceiverSpec.Kind.WECOM, "http://x", Map.of(), Optional.empty(), Optional.empty(), language,
                ZoneId.of("Asia/Shanghai"), Optional.of("{{site}} custom"), Optional.of("{{site}} custom"), List.of());
    }
}
