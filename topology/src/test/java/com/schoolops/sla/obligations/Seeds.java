package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.policy.Policies;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The bundled contracts and calendar (cn-default: the State Council's 2026 holidays and make-up days), and builders. */
final class Seeds {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Policies POLICIES = Policies.load(Optional.empty());
    static final CalendarTimeline CN = ContractBook.of(POLICIES).timeline("cn-default");

    private Seeds() {
    }

    /** A local time in Shanghai, as the tests write every instant. */
    static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    /** The escalation id SPEC section 9 gives: the name-based UUID of occurrence|type|clock|detail. */
    static String id(String occurrence, EscalationType type, String detail) {
        return UUID.nameUUIDFromBytes((occurrence + "|" + type + "||" + detail).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Contract contract(String id) {
        return POLICIES.contract(id).orElseThrow();
    }

    static Obligation obligation(String contractId, String obligationId) {
        return contract(contractId).obligation(obligationId).orElseThrow();
    }

    static Site site(String siteId, String contractId, String acceptedAt, String inServiceAt) {
        return Site.newBuilder().setSiteId(siteId).setContractId(contractId).setAcceptedAt(sh(acceptedAt).toEpochMilli())
                .setInServiceAt(inServiceAt == null ? null : sh(inServiceAt).toEpochMilli()).build();
    }

    static ServiceVisit visit(String visitId, VisitKind kind, VisitType type, VisitMode mode, String at, List<String> obligationIds,
                              String... engineers) {
        return ServiceVisit.newBuilder().setVisitId(visitId).setSiteId("school").setKind(kind).setType(type).setMode(mode)
                .setTimestamp(sh(at).toEpochMilli()).setEngineers(List.of(engineers)).setObligationIds(obligationIds).build();
    }

    static ServiceVisit completed(String visitId, VisitKind kind, VisitMode mode, String at) {
        return visit(visitId, kind, VisitType.COMPLETED, mode, at, null, "wang");
    }
}
