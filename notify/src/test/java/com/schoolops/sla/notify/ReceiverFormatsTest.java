package com.schoolops.sla.notify;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.notify.delivery.MessageText;
import com.schoolops.sla.notify.routes.ReceiverSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** What a person reads: the built-in Chinese and English texts, and a receiver's own template. */
class ReceiverFormatsTest {
    static final long AT = Instant.parse("2026-03-02T02:15:00Z").toEpochMilli(); // 10:15 in Shanghai, when it was sent
    static final long DEADLINE = Instant.parse("2026-03-02T02:00:00Z").toEpochMilli(); // 10:00 in Shanghai, the breach

    @Test
    void aRepeatedBreachInChineseSaysWhatWhereByWhenAndThatNobodyAnsweredInChineseWithLabelledLocalTimes() {
        String text = new MessageText(receiver(ReceiverSpec.Language.ZH, Optional.empty())).text(repeat());
        assertEquals("""
                【再次告警】SLA 超时（2 级）
                学校：school-1
                工单：t-1
                设备：srv-1
                时限：响应，截止 2026-03-02 10:00:00 Asia/Shanghai
                合同：seed-001（MAJOR）
                说明：工单 t-1 的响应时限已于 2026-03-02 10:00:00 Asia/Shanghai 超时。
                第 1 次重复：仍无人确认，已升级至 2 级。
                发生时间：2026-03-02 10:00:00 Asia/Shanghai
                发送时间：2026-03-02 10:15:00 Asia/Shanghai""", text);
    }

    @Test
    void theSameInEnglishWithItsTitleAndNoInstantOfTheEngine() {
        MessageText words = new MessageText(receiver(ReceiverSpec.Language.EN, Optional.empty()));
        assertEquals("[REPEAT] SLA breach · school-1 · ticket t-1", words.title(repeat()));
        String text = words.text(repeat());
        assertTrue(text.contains("Repeat 1: nobody has answered; now tier 2."), text);
        assertTrue(text.contains("Ticket t-1: the response deadline passed at 2026-03-02 10:00:00 Asia/Shanghai."), text);
        assertTrue(text.contains("Happened: 2026-03-02 10:00:00 Asia/Shanghai\nSent: 2026-03-02 10:15:00 Asia/Shanghai"), text);
        assertFalse(text.contains("02:00:00.000Z"), "no UTC instant of the engine's sentence: " + text);
    }

    /** Each kind of escalation has its sentence in Chinese, from its fields; no English and no UTC instant in it. */
    @Test
    void everyEscalationTypeHasAChineseSentenceOfItsOwn() {
        MessageText words = new MessageText(receiver(ReceiverSpec.Language.ZH, Optional.of("{{summary}}")));
        for (EscalationType type : EscalationType.values()) {
            Escalation e = Escalation.newBuilder(repeat().getHeadline()).setType(type).setClock(type.name().startsWith("SLA") ? SlaClock.RESPONSE : null)
                    .setMessage("Ticket t-1 missed its deadline at 2026-03-02T02:00:00.000Z").build();
            Notification n = Notification.newBuilder(repeat()).setHeadline(e).setOutage(com.schoolops.sla.avro.SiteOutage.newBuilder()
                    .setSiteId("school-1").setState(com.schoolops.sla.avro.OutageState.STARTED).setDevicesDown(10).setDevicesTotal(11)
                    .setStartedAt(AT).setAt(AT).build()).build();
            String sentence = words.text(n);
            assertTrue(sentence.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), type + ": " + sentence);
            assertFalse(sentence.contains("missed") || sentence.contains(".000Z"), type + ": " + sentence);
        }
    }

    /** Every clock, the device clocks of a major event too, is said in words in both languages, not by its name. */
    @Test
    void everyClockHasItsWordsInChineseAndEnglish() {
        MessageText zh = new MessageText(receiver(ReceiverSpec.Language.ZH, Optional.of("{{clock}}")));
        MessageText en = new MessageText(receiver(ReceiverSpec.Language.EN, Optional.of("{{clock}}")));
        for (SlaClock clock : SlaClock.values()) {
            Notification n = Notification.newBuilder(repeat()).setHeadline(Escalation.newBuilder(repeat().getHeadline()).setClock(clock).build()).build();
            assertTrue(zh.text(n).codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), clock + ": " + zh.text(n));
            assertNotEquals(clock.name(), en.text(n), clock + " in English");
        }
    }

    /** A device's fault during a major event has no ticket: the sentences name the device, not an empty ticket. */
    @Test
    void aDeviceClockOfAMajorEventIsSaidOfTheDevice() {
        Escalation breach = Escalation.newBuilder(repeat().getHeadline()).setTicketId(null).setDeviceId("sw-1").setClock(SlaClock.EMERGENCY_START)
                .setSeverity(null).build();
        Notification n = Notification.newBuilder(repeat()).setHeadline(breach).build();
        String zh = new MessageText(receiver(ReceiverSpec.Language.ZH, Optional.of("{{summary}}"))).text(n);
        String en = new MessageText(receiver(ReceiverSpec.Language.EN, Optional.of("{{summary}}"))).text(n);
        assertEquals("重大活动期间故障设备 sw-1 的启动应急处理时限已于 2026-03-02 10:00:00 Asia/Shanghai 超时。", zh);
        assertEquals("Device sw-1, failed during a major event: the emergency start deadline passed at 2026-03-02 10:00:00 Asia/Shanghai.", en);
        Notification fault = Notification.newBuilder(repeat()).setHeadline(Escalation.newBuilder(breach).setType(EscalationType.MAJOR_EVENT_FAULT)
                .setClock(null).build()).build();
        assertEquals("重大活动保障期内发生故障：设备 sw-1 于 2026-03-02 10:00:00 Asia/Shanghai 离线，须于 2026-03-02 10:00:00 Asia/Shanghai 前启动应急处理。",
                new MessageText(receiver(ReceiverSpec.Language.ZH, Optional.of("{{summary}}"))).text(fault));
    }

    @Test
    void aCustomTemplateStillHasTheEnginesSentenceUnderItsOwnName() {
        MessageText words = new MessageText(receiver(ReceiverSpec.Language.ZH, Optional.of("{{message}}")));
        assertEquals("Ticket t-1 was not responded to within 15 min", words.text(repeat()));
    }

    @Test
    void aReceiversOwnTemplateReplacesTheBuiltIn() {
        MessageText words = new MessageText(receiver(ReceiverSpec.Language.EN, Optional.of("{{site}}/{{ticket}}: {{type}} t{{tier}} #{{id}}")));
        assertEquals("school-1/t-1: SLA breach t2 #b-1/repeat-1", words.text(repeat()));
    }

    static Notification repeat() {
        Escalation e = Escalation.newBuilder().setEscalationId("b-1").setType(EscalationType.SLA_BREACH).setTier(1).setSiteId("school-1")
                .setTicketId("t-1").setDeviceId("srv-1").setContractId("seed-001").setSeverity("MAJOR").setClock(SlaClock.RESPONSE)
                .setDeadline(DEADLINE).setAt(DEADLINE)
                .setMessage("Ticket t-1 was not responded to within 15 min").build();
        return Notification.newBuilder().setNotificationId("b-1/repeat-1").setReceiver("r").setRoute("on-site").setKind(NotificationKind.REPEAT)
                .setTier(2).setRepeat(1).setSiteId("school-1").setHeadline(e).setGrouped(List.of()).setPlannedAt(AT).build();
    }

    static ReceiverSpec receiver(ReceiverSpec.Language language, Optional<String> text) {
        return new ReceiverSpec("r", ReceiverSpec.Kind.WEBHOOK, "http://x", Map.of(), Optional.empty(), Optional.empty(), language,
                ZoneId.of("Asia/Shanghai"), Optional.empty(), text, List.of());
    }
}
