package com.schoolops.sla.http.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.health.HealthReadSide.DeviceView;
import com.schoolops.sla.health.HealthReadSide.SiteDetail;
import com.schoolops.sla.http.security.Scope;
import com.schoolops.sla.policy.ContractReadSide.SeverityTerms;
import com.schoolops.sla.text.Texts;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A school's fault report (网络受理, SPEC section 12) as the desk takes it, checked against what the engine knows so
 * that the OPENED it becomes is one the engine accepts: a site it knows (its devices, or {@code site-registry}), a
 * device of that site (the registry's), the contract the ticket is under (its device's, the engine's own rule, else
 * the site's: {@code site-registry}'s, or the one its devices share), a category, a severity of that contract (or the
 * contract's {@code reportSeverity}, which the desk then raises or lowers), and a description.
 * A site the user's {@link Scope} does not allow is refused 403 before anything about it is said.
 */
record FaultReport(String siteId, String deviceId, String contractId, TicketCategory category, String severity, String description) {
    private static final String ACTION = TicketEventType.OPENED.name();

    /** The report of {@code body}, or a {@link Replies.BadAction} (400, or 403 out of scope) saying why not. */
    static FaultReport read(JsonNode body, DeskReads reads, Scope scope, long now, Texts texts) {
        String siteId = text(body, "siteId");
        if (siteId == null) {
            throw refused(400, null, texts.get("report.site.missing"));
        }
        String deviceId = text(body, "deviceId");
        Optional<SiteDetail> site = reads.site(siteId);
        Optional<String> registered = reads.registeredContract(siteId);
        Optional<DeviceView> device = deviceId == null ? Optional.empty() : reads.device(deviceId).filter(d -> siteId.equals(d.siteId()));
        Optional<String> contractId = device.map(DeviceView::contractId).or(() -> registered).or(() -> sharedContract(site));
        if (!scope.allowsSite(siteId, contractId.orElse(null))) {
            throw refused(403, siteId, texts.get("refused.scope", siteId));
        }
        if (site.isEmpty() && registered.isEmpty()) {
            throw refused(400, siteId, texts.get("report.site.unknown", siteId));
        }
        if (deviceId != null && device.isEmpty()) {
            throw refused(400, siteId, texts.get("report.device.elsewhere", deviceId, siteId));
        }
        if (contractId.isEmpty()) {
            throw refused(400, siteId, texts.get("report.contract.none", siteId));
        }
        SeverityTerms contract = reads.severitiesInForce(contractId.get(), now).orElseThrow(() -> refused(400, siteId, texts.get("report.contract.unknown", siteId, contractId.get())));
        TicketCategory category = category(body, siteId, texts);
        String severity = severity(body, contract, siteId, texts);
        String description = TicketDesk.note(body, "description", TicketEventType.OPENED, siteId, texts);
        if (description == null) {
            throw refused(400, siteId, texts.get("report.description.missing"));
        }
        return new FaultReport(siteId, deviceId, contract.contractId(), category, severity, description);
    }

    /** The one contract all of a site's devices are under (a site not in {@code site-registry}), if they share one. */
    private static Optional<String> sharedContract(Optional<SiteDetail> site) {
        Set<String> contracts = site.map(s -> s.devices().stream().map(DeviceView::contractId).filter(Objects::nonNull)
                .collect(Collectors.toSet())).orElse(Set.of());
        return contracts.size() == 1 ? contracts.stream().findFirst() : Optional.empty();
    }

    private static TicketCategory category(JsonNode body, String siteId, Texts texts) {
        String category = text(body, "category");
        try {
            return TicketCategory.valueOf(Objects.requireNonNull(category));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw refused(400, siteId, texts.get("report.category", Arrays.toString(TicketCategory.values())));
        }
    }

    /** The severity asked for, one of the contract's; else the contract's {@code reportSeverity}. */
    private static String severity(JsonNode body, SeverityTerms contract, String siteId, Texts texts) {
        List<String> severities = contract.severities();
        String severity = text(body, "severity");
        if (severity == null) {
            return Optional.ofNullable(contract.reportSeverity()).orElseThrow(() -> refused(400, siteId,
                    texts.get("report.severity.none", contract.contractId(), severities)));
        }
        if (!severities.contains(severity)) {
            throw refused(400, siteId, texts.get("report.severity.unknown", severity, contract.contractId(), severities));
        }
        return severity;
    }

    /** A text field, stripped; null when absent, null or blank. */
    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : text;
    }

    private static Replies.BadAction refused(int status, String siteId, String why) {
        return new Replies.BadAction(status, ACTION, siteId, why);
    }
}
