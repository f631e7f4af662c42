package com.schoolops.sla.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The kernel module's packages (its classes only; each module checks its own): no cycles. */
class PackageFlowTest {
    static final JavaClasses KERNEL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));

    @Test
    void noTwoPackagesImportEachOther() {
        slices().matching("com.schoolops.sla.(*)..").should().beFreeOfCycles().check(KERNEL);
    }
}
