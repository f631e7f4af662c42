package com.schoolops.sla.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The tools module's packages (its classes only; each module checks its own): the commands never import each other in a circle. */
class PackageFlowTest {
    static final JavaClasses TOOLS = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));

    @Test
    void noTwoPackagesImportEachOther() {
        slices().matching("com.schoolops.sla.(*)..").should().beFreeOfCycles().check(TOOLS);
    }
}
