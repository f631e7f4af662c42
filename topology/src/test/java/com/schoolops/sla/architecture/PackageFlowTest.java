package com.schoolops.sla.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's packages form a graph along the flow (docs/architecture.md): ingest -> health -> tickets -> kpi, and
 * obligations, wired by topology; the site task (site) under the stages it runs; over leaf packages (config, policy,
 * timers, escalation, dead letters) and the kernel's (serde, topics, metrics, wiring, the timer service), whose classes
 * are imported with the engine's so that which engine package may use them is checked too. Imports go one way only.
 */
class PackageFlowTest {
    static final JavaClasses CORE = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.schoolops.sla");

    @Test
    void noTwoPackagesImportEachOther() {
        slices().matching("com.schoolops.sla.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void eachStageIsUsedOnlyByTheStagesAfterIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("topology").definedBy("com.schoolops.sla.topology..")
                .layer("obligations").definedBy("com.schoolops.sla.obligations..")
                .layer("tickets").definedBy("com.schoolops.sla.tickets..")
                .layer("health").definedBy("com.schoolops.sla.health..")
                .layer("ingest").definedBy("com.schoolops.sla.ingest..")
                .layer("site").definedBy("com.schoolops.sla.site..")
                .layer("kpi").definedBy("com.schoolops.sla.kpi..")
                .layer("metrics").definedBy("com.schoolops.sla.metrics..")
                .layer("wiring").definedBy("com.schoolops.sla.wiring..")
                .layer("escalation").definedBy("com.schoolops.sla.escalation..")
                .layer("timers").definedBy("com.schoolops.sla.timers..")
                .layer("policy").definedBy("com.schoolops.sla.policy..")
                .layer("deadletter").definedBy("com.schoolops.sla.deadletter..")
                .layer("topics").definedBy("com.schoolops.sla.topics..")
                .layer("serde").definedBy("com.schoolops.sla.serde..")
                .layer("config").definedBy("com.schoolops.sla.config..")
                .whereLayer("topology").mayNotBeAccessedByAnyLayer()
                .whereLayer("obligations").mayOnlyBeAccessedByLayers("topology")
                .whereLayer("tickets").mayOnlyBeAccessedByLayers("topology")
                .whereLayer("health").mayOnlyBeAccessedByLayers("topology")
                .whereLayer("ingest").mayOnlyBeAccessedByLayers("topology")
                // the site task runs its stages through one interface; they reach it, it never reaches them
                .whereLayer("site").mayOnlyBeAccessedByLayers("health", "tickets", "obligations", "topology")
                // KPI facts are found at the sites (health: a device leaving; tickets: tickets and health changes;
                // obligations: an occurrence closing)
                .whereLayer("kpi").mayOnlyBeAccessedByLayers("health", "tickets", "obligations", "topology")
                // the task's own counters, read by the stages' timers and windows
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("timers", "kpi", "deadletter", "health", "tickets", "topology")
                .whereLayer("wiring").mayOnlyBeAccessedByLayers("site", "health", "tickets", "kpi", "topology")
                .whereLayer("escalation").mayOnlyBeAccessedByLayers("health", "tickets", "obligations", "topology")
                .whereLayer("timers").mayOnlyBeAccessedByLayers("site", "health", "tickets", "obligations", "kpi", "topology", "deadletter")
                .whereLayer("topics").mayOnlyBeAccessedByLayers("topology")
                .check(CORE);
    }

    @Test
    void ticketClocksSeeDeviceHealthOnlyThroughTheSiteTask() {
        // the site task's read-only view and health listener: nothing of health itself
        noClasses().that().resideInAPackage("com.schoolops.sla.tickets..")
                .should().dependOnClassesThat(resideInAPackage("com.schoolops.sla.health.."))
                .check(CORE);
    }
}
