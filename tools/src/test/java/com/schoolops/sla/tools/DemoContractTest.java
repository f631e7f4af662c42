package com.schoolops.sla.tools;

import com.schoolops.sla.policy.Policies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo's own contract, as `demo` loads it. */
class DemoContractTest {
    /**
     * A school on the demo's console reports a fault as the school's page sends it, with no severity (the desk judges
     * it): the contract must say at which level such a report opens, else the report is refused (400). Its least
     * urgent level of a fault, as seed-003's whose shape it has.
     */
    @Test
    void aSchoolsFaultReportWithoutASeverityOpensAtGeneral(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo-contract.json");
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream("policies/demo-contract.json")) {
            Files.copy(in, file);
        }
        assertEquals(Optional.of("GENERAL"), Policies.load(Optional.of(file)).contract("demo").orElseThrow().reportSeverity());
    }
}
