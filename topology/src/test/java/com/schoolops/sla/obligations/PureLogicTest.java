package com.schoolops.sla.obligations;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The obligations' and exam days' rules are pure: the stages that run them (with their timer keys and stores; the
 * inspection check's too), and the read sides that read their stores for the query API (docs/architecture.md, "Where a new
 * read path goes"), are the only parts to know Kafka.
 */
class PureLogicTest {
    @Test
    void theRulesKnowNoKafkaAndNoStage() {
        noClasses().that().resideInAPackage("com.schoolops.sla.obligations..")
                .and().doNotHaveSimpleName("ObligationStage").and().doNotHaveSimpleName("ObligationTimer") // the stage and its timer key
                .and().doNotHaveSimpleName("ExamDayStage").and().doNotHaveSimpleName("EventTimer") // the exam-day stage and its timer key
                .and().doNotHaveSimpleName("ShakyDevices") // the exam-day stage's store of devices lately DEGRADED or FLAPPING
                .and().doNotHaveSimpleName("InspectionCheck") // the inspection check's stage (its rules are StateHistory's)
                .and().doNotHaveSimpleName("SiteEntries") // the stages' one way to read a site's entries of a store
                .and().haveNameNotMatching(".*\\.(ObligationReadSide|ExamDayReadSide)(\\$.*)?") // the read sides, their records and store lookups
                .should().dependOnClassesThat(resideInAnyPackage("org.apache.kafka..", "com.schoolops.sla.site..", "com.schoolops.sla.timers..",
                        "com.schoolops.sla.tickets..", "com.schoolops.sla.health.."))
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("com.schoolops.sla.obligations"));
    }
}
