package com.schoolops.sla.report;

import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.text.Texts;
import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topics.Topics;

import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reports of a school and of a contract, as the {@code report} command writes them and the console serves them: the
 * inspection record of a month or quarter (SPEC section 11) and the monthly service review, each an HTML page and a CSV.
 * The language is the one asked for, else the site's ({@code language} in site-registry), else Chinese. Periods are local
 * days of the contract calendar's zone ({@link ContractBook#kpiZone}); a contract's terms are those in force at the
 * period's last instant.
 */
public final class SiteReports {
    private final ReportInputs.Source source;
    private final Topics topics;
    private final Supplier<ContractBook> contracts;
    private final InstantSource clock;

    /** A report: its page, its CSV, and the name both files take ({@code <name>.html}, {@code <name>.csv}). */
    public record Rendered(String name, String html, String csv) {
    }

    public SiteReports(ReportInputs.Source source, Topics topics, Supplier<ContractBook> contracts, InstantSource clock) {
        this.source = source;
        this.topics = topics;
        this.contracts = contracts;
        this.clock = clock;
    }

    /** The reports of a running instance: the contracts through the versions it holds. */
    public static SiteReports live(ReportInputs.Source source, Topics topics, com.schoolops.sla.policy.ContractReadSide contracts, InstantSource clock) {
        return new SiteReports(source, topics, contracts::contracts, clock);
    }

    /** The inspection record of {@code siteId} for {@code period}; {@code lang} zh, en, or null for the site's own. */
    public Rendered inspection(String siteId, ReportPeriod period, String lang) {
        InspectionRecord.Inputs in = source.read(ReportInputs.inspection(topics), ReportInputs.ofSite(siteId));
        Site site = in.sites().get(siteId);
        ContractBook book = contracts.get();
        String contractId = site == null ? null : site.getContractId();
        ZoneId zone = zone(book, contractId, siteId, period.firstMonth());
        Contract contract = book.inForce(contractId, period.end(zone).toEpochMilli() - 1).map(ContractBook.Terms::contract).orElse(null);
        InspectionRecord record = InspectionRecord.of(in, siteId, period, zone, contract);
        Texts texts = Texts.of("inspection", lang(lang, site));
        return new Rendered("inspection-" + siteId + "-" + period.label(), InspectionPage.render(record, texts, clock.instant()),
                InspectionCsv.render(record));
    }

    /**
     * The monthly service review of a contract or a site: a contract's targets are judged (a site's, its contract's as
     * site-registry names it); {@code lang} zh, en, or null for the site's own (a contract's: Chinese).
     */
    public Rendered review(KpiScope scope, String id, YearMonth month, String lang) {
        List<TopicSpec<String, ?>> read = new ArrayList<>(ReportInputs.review(topics));
        if (scope == KpiScope.SITE) {
            read.add(topics.sites());
        }
        InspectionRecord.Inputs in = source.read(read, scope == KpiScope.SITE ? ReportInputs.ofSite(id) : ReportInputs.EVERYTHING);
        Site site = scope == KpiScope.SITE ? in.sites().get(id) : null;
        String contractId = scope == KpiScope.CONTRACT ? id : site == null ? null : site.getContractId();
        ContractBook book = contracts.get();
        ZoneId zone = zone(book, contractId, scope == KpiScope.SITE ? id : null, month);
        Map<String, Double> targets = book.inForce(contractId, month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli() - 1)
                .map(t -> t.contract().kpiTargets()).orElse(Map.of());
        ServiceReview review = ServiceReview.of(in.kpis(), scope, id, month, targets);
        Hotspots hotspots = Hotspots.of(in.escalations(), in.kpis(), scope, id, month, zone);
        ObligationsReview obligations = ObligationsReview.of(in.kpis(), in.escalations(), scope, id, month, zone);
        MajorEventsReview events = MajorEventsReview.of(in.escalations(), scope, id, month, zone);
        Texts texts = Texts.of("review", lang(lang, site));
        return new Rendered("review-" + id + "-" + month, ReportPage.render(review, hotspots, obligations, events, zone, clock.instant(), texts),
                ReportCsv.render(review, obligations));
    }

    /** The site's contract as site-registry names it (read from that topic alone), for a check of the reader's scope. */
    public Optional<String> contractOf(String siteId) {
        return Optional.ofNullable(source.read(List.of(topics.sites()), ReportInputs.ofSite(siteId)).sites().get(siteId)).map(Site::getContractId);
    }

    /** The language asked for (zh or en), else the site's, else Chinese. */
    static Texts.Lang lang(String asked, Site site) {
        Texts.Lang own;
        try {
            own = Texts.Lang.of(site == null ? null : site.getLanguage(), Texts.Lang.ZH);
        } catch (IllegalArgumentException notOurs) {
            own = Texts.Lang.ZH; // a site registered in a language we do not speak reads Chinese, the first of ours
        }
        return Texts.Lang.of(asked, own);
    }

    private static ZoneId zone(ContractBook book, String contractId, String siteId, YearMonth first) {
        return book.kpiZone(contractId, siteId, first.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
    }
}
