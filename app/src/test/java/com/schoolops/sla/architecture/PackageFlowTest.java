package com.schoolops.sla.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The app module's packages (this module's classes only; the topology's are checked by its own PackageFlowTest): no
 * cycles, and the query API and the HTTP side read the engine's state only through the stages' read sides
 * ({@code health.HealthReadSide}, {@code tickets.TicketReadSide}, ...): which stores hold it, how they are keyed and what
 * their records mean stay with the stage that owns them (docs/architecture.md, "Where a new read path goes").
 */
class PackageFlowTest {
    static final JavaClasses APP = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));
    /** The read path: the query layer (fan-out, merge, pages) and the HTTP side over it. */
    static final String[] READ_PATH = {"com.schoolops.sla.query..", "com.schoolops.sla.http.."};
    /** The engine's stages and their machinery, whose insides the read path never sees. */
    static final String[] STAGES = {"com.schoolops.sla.ingest..", "com.schoolops.sla.health..", "com.schoolops.sla.tickets..",
            "com.schoolops.sla.kpi..", "com.schoolops.sla.obligations..", "com.schoolops.sla.site..", "com.schoolops.sla.timers..",
            "com.schoolops.sla.escalation..", "com.schoolops.sla.deadletter..", "com.schoolops.sla.metrics..", "com.schoolops.sla.wiring..", "com.schoolops.sla.topology.."};
    /** A stage's read side, and the records it answers with (nested in it). */
    static final DescribedPredicate<JavaClass> READ_SIDE = nameMatching(".*ReadSide(\\$.*)?").forSubtype();

    @Test
    void noTwoPackagesImportEachOther() {
        // notify leaves this module for one of its own (issue 34); until then its use of app (settings, the schema gate) is let be
        slices().matching("com.schoolops.sla.(*)..").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("com.schoolops.sla.notify.."), resideInAPackage("com.schoolops.sla.app.."))
                .check(APP);
    }

    @Test
    void theReadPathSeesOnlyTheStagesReadSides() {
        noClasses().that().resideInAnyPackage(READ_PATH)
                .should().dependOnClassesThat(resideInAnyPackage(STAGES).and(DescribedPredicate.not(READ_SIDE)))
                .check(APP);
    }

    @Test
    void theReadPathNeverSeesAStateRecord() {
        noClasses().that().resideInAnyPackage(READ_PATH)
                .should().dependOnClassesThat(resideInAPackage("com.schoolops.sla.state.."))
                .check(APP);
    }

    /**
     * A store name is a compile-time constant (inlined, so no class refers to it): what is checked is that nothing on
     * the read path opens a store or asks who holds a store's key, the only uses a store name has.
     */
    @Test
    void theReadPathNamesNoStore() {
        noClasses().that().resideInAnyPackage(READ_PATH)
                .should().callMethodWhere(target(owner(JavaClass.Predicates.assignableTo(KafkaStreams.class)))
                        .and(target(nameMatching("store|queryMetadataForKey|streamsMetadataForStore"))))
                .orShould().dependOnClassesThat(JavaClass.Predicates.assignableTo(StoreQueryParameters.class))
                .check(APP);
    }
}
