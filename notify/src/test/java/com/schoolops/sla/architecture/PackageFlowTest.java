package com.schoolops.sla.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The notify module's packages (its classes only; each module checks its own, and Maven keeps it off the engine):
 * the planner decides what to send, the delivery workers send it, neither knows the other; routes are data both read;
 * the top package (the application, its settings and topics) starts them. No cycles.
 */
class PackageFlowTest {
    static final JavaClasses NOTIFY = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));

    @Test
    void noTwoPackagesImportEachOther() {
        slices().matching("com.schoolops.sla.notify.(*)..").should().beFreeOfCycles().check(NOTIFY);
    }

    @Test
    void thePlannerAndTheWorkersKnowNotEachOtherAndRoutesKnowNeither() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("top").definedBy("com.schoolops.sla.notify")
                .layer("planner").definedBy("com.schoolops.sla.notify.planner..")
                .layer("delivery").definedBy("com.schoolops.sla.notify.delivery..")
                .layer("routes").definedBy("com.schoolops.sla.notify.routes..")
                .whereLayer("planner").mayOnlyBeAccessedByLayers("top")
                .whereLayer("delivery").mayOnlyBeAccessedByLayers("top")
                .whereLayer("routes").mayOnlyBeAccessedByLayers("top", "planner", "delivery")
                .check(NOTIFY);
    }
}
